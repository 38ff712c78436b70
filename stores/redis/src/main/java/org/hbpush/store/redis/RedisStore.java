package org.hbpush.store.redis;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostOptions;
import org.hbpush.api.PostResult;
import org.hbpush.api.Registration;
import org.hbpush.api.Store;
import org.hbpush.api.StoreContext;
import org.hbpush.api.StoreListener;
import org.hbpush.api.StoreListeners;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * The redis store: every channel, message and waiting count in Redis, so that every hbpushd node
 * configured with the same server, database and key prefix serves the same channels. Two
 * connections per store, both through Lettuce's asynchronous API: one for commands (each
 * operation is one Lua script, see {@link RedisChannels}) and one subscribed to the store's
 * events channel.
 *
 * <h2>When Redis is down</h2>
 * Commands are rejected at once while Lettuce reconnects (nothing queues up), and a command that
 * gets no answer fails after {@code command_timeout}: the request gets 503 with a one-line
 * reason. Lettuce reconnects by itself (at most a second apart); a connection that was never made
 * is tried again on the next call or timer tick. Held long polls keep waiting: when the events
 * subscription is back, the listeners are told {@link StoreListener#eventsMayHaveBeenMissed()} and
 * read again, so they get what was posted meanwhile on any node.
 *
 * <h2>Timers</h2>
 * Every second, on the server's scheduler: expired messages are dropped (the channels whose oldest
 * message is due, through the {@code expiring} index), a lost subscription is retried, and every
 * third second this node's heartbeat is refreshed: its waiting counts count for
 * {@link #HEARTBEAT_TTL} after the last one, so those of a node that died age out within that time.
 *
 * <pre>{@code
 * Store store = RedisStore.open(RedisSettings.from(options), context);
 * }</pre>
 */
public final class RedisStore implements Store {
    /** How long a node's waiting counts count after its last heartbeat. */
    static final Duration HEARTBEAT_TTL = Duration.ofSeconds(10);
    private static final int TICKS_PER_HEARTBEAT = 3;
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration RETRY_INTERVAL = Duration.ofMillis(500);
    private static final Duration LONGEST_RECONNECT_DELAY = Duration.ofSeconds(1);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final int EXPIRY_BATCH = 100;

    /** What makes two reads of {@link #firstMessageAfter} identical. */
    private record ReadAfter(ChannelId channel, MessageId after) {
    }

    private final RedisSettings settings;
    private final String storeName;
    private final Logger log;
    private final Failures failures;
    private final ClientResources resources;
    private final RedisClient client;
    private final RedisKeys keys;
    // This store instance's id in the events it publishes, so it can skip its own.
    private final String instance;
    private final RedisChannels channels;
    private final StoreListeners listeners;
    private final WaitingCounts waitingCounts;
    private final JoinedReads<ReadAfter, Optional<MessageLookup>> reads;
    private final RedisEvents events;
    private final LazyConnection<StatefulRedisConnection<byte[], byte[]>> commands;
    private final LazyConnection<StatefulRedisPubSubConnection<byte[], byte[]>> subscription;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean missedEventsToTell = new AtomicBoolean();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final AtomicLong ticks = new AtomicLong();
    private final ScheduledFuture<?> maintenance;

    private RedisStore(RedisSettings settings, StoreContext context) {
        this.settings = requireNonNull(settings, "settings is null");
        requireNonNull(context, "context is null");
        this.storeName = context.storeName();
        this.log = LoggerFactory.getLogger(context.loggerName());
        this.failures = new Failures(settings.endpoint(), settings.commandTimeout());
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), LONGEST_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // Fail fast while disconnected, and never replay a command after a reconnect: a post
                // whose answer was lost must not be stored twice.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build())
                .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                .build());
        this.keys = new RedisKeys(settings.keyPrefix());
        this.instance = UUID.randomUUID().toString();
        this.channels = new RedisChannels(keys, instance, context.nodeId() + "/" + storeName, HEARTBEAT_TTL);
        this.listeners = new StoreListeners(failureLog(log));
        this.waitingCounts = new WaitingCounts((channel, count) -> call(commands -> channels.writeWaitingCount(commands, channel, count)));
        this.reads = new JoinedReads<>(read -> call(commands -> channels.firstMessageAfter(commands, read.channel(), read.after())));
        this.events = new RedisEvents(instance, listeners, waitingCounts, this::subscribed, log);
        this.commands = new LazyConnection<>(() -> client.connectAsync(ByteArrayCodec.INSTANCE, settings.uri()), RETRY_INTERVAL);
        this.subscription = new LazyConnection<>(this::subscribe, RETRY_INTERVAL);
        // Subscribe now, without waiting: events should flow before the first request, and a Redis
        // that is down must not keep the server from starting.
        subscription.connection();
        this.maintenance = context.scheduler().scheduleWithFixedDelay(this::maintain, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        log.info("redis store {}: {}, database {}, key prefix '{}'", storeName, settings.endpoint(), settings.uri().getDatabase(), settings.keyPrefix());
    }

    /** A store on these settings; connects in the background, so it returns at once even when Redis is down. */
    static RedisStore open(RedisSettings settings, StoreContext context) {
        return new RedisStore(settings, context);
    }

    @Override
    public CompletionStage<ChannelInfo> createChannel(ChannelId channel) {
        requireNonNull(channel, "channel is null");
        return call(commands -> channels.create(commands, channel));
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> channelInfo(ChannelId channel) {
        requireNonNull(channel, "channel is null");
        return call(commands -> channels.info(commands, channel));
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> deleteChannel(ChannelId channel) {
        requireNonNull(channel, "channel is null");
        return call(commands -> channels.delete(commands, channel)).thenApply(before -> {
            if (before.isPresent()) {
                waitingCounts.channelDeleted(channel);
                listeners.channelDeleted(channel);
            }
            return before;
        });
    }

    /** Published to every node, and told to this node's listeners at once (its own copy is skipped). */
    @Override
    public CompletionStage<Void> claimChannel(ChannelId channel, String claimant) {
        requireNonNull(channel, "channel is null");
        requireNonNull(claimant, "claimant is null");
        if (claimant.isEmpty() || claimant.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a claimant id has no spaces: " + claimant);
        }
        byte[] payload = new StoreEvent.Claimed(instance, channel, claimant).encode();
        return call(commands -> commands.publish(keys.events(), payload)).thenApply(receivers -> {
            listeners.channelClaimed(channel, claimant);
            return null;
        });
    }

    @Override
    public CompletionStage<Optional<PostResult>> post(ChannelId channel, String contentType, ByteBuffer body, PostOptions options) {
        requireNonNull(channel, "channel is null");
        requireNonNull(contentType, "contentType is null");
        requireNonNull(body, "body is null");
        requireNonNull(options, "options is null");
        // Copied now: the caller may reuse its buffer once this method returns.
        ByteBuffer copy = ByteBuffer.allocate(body.remaining()).put(body.duplicate()).flip();
        return call(commands -> channels.post(commands, channel, contentType, copy, options)).thenApply(posted -> {
            // This node hears its own events here, at once; the pub/sub copy of them is skipped.
            posted.ifPresent(stored -> listeners.messagePosted(channel, stored.event()));
            return posted.map(RedisChannels.Posted::result);
        });
    }

    /** Joined with identical reads: a crowd re-polling one channel with the same id asks Redis about once per round trip. */
    @Override
    public CompletionStage<Optional<MessageLookup>> firstMessageAfter(ChannelId channel, MessageId after) {
        requireNonNull(channel, "channel is null");
        requireNonNull(after, "after is null");
        return reads.read(new ReadAfter(channel, after));
    }

    @Override
    public CompletionStage<Void> addWaitingSubscribers(ChannelId channel, int delta) {
        requireNonNull(channel, "channel is null");
        if (closed.get()) {
            return CompletableFuture.failedFuture(failures.closed());
        }
        return waitingCounts.add(channel, delta);
    }

    @Override
    public Registration listen(StoreListener listener) {
        return listeners.add(listener);
    }

    /** Ends this node's heartbeat (its waiting counts stop counting at once) and closes the connections. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        maintenance.cancel(false);
        listeners.clear();
        commands.ifConnected().ifPresent(connection -> awaitQuietly(channels.endHeartbeat(connection.async())));
        awaitQuietly(CompletableFuture.allOf(commands.closeAsync(), subscription.closeAsync()));
        awaitQuietly(client.shutdownAsync(0, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS));
        try {
            resources.shutdown(0, CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS).await(CLOSE_WAIT.toMillis() * 2);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("redis store {} closed", storeName);
    }

    @Override
    public String toString() {
        return "RedisStore[" + storeName + ", " + settings + "]";
    }

    /**
     * Runs one operation on the command connection once the store is ready; its failure becomes
     * {@link org.hbpush.api.StoreUnavailableException} when Redis cannot serve.
     */
    private <T> CompletionStage<T> call(Function<RedisAsyncCommands<byte[], byte[]>, CompletionStage<T>> operation) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(failures.closed());
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        ready().whenComplete((connection, notReady) -> {
            if (notReady != null) {
                answer.completeExceptionally(closed.get() ? failures.closed() : unreachable(failures.unavailable(notReady)));
                return;
            }
            CompletionStage<T> stage;
            try {
                stage = operation.apply(connection.async());
            }
            catch (RuntimeException e) {
                stage = CompletableFuture.failedFuture(e);
            }
            stage.whenComplete((value, failure) -> {
                if (failure == null) {
                    reachable();
                    answer.complete(value);
                }
                else {
                    answer.completeExceptionally(unreachable(failures.translate(failure)));
                }
            });
        });
        return answer;
    }

    /** The command connection, once the first subscription is made too: before it, a post's event would reach no node. */
    private CompletableFuture<StatefulRedisConnection<byte[], byte[]>> ready() {
        CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connection = commands.connection();
        if (subscription.wasMade()) {
            return connection;
        }
        return subscription.connection().thenCombine(connection, (subscribed, made) -> made);
    }

    private CompletionStage<StatefulRedisPubSubConnection<byte[], byte[]>> subscribe() {
        return client.connectPubSubAsync(ByteArrayCodec.INSTANCE, settings.uri()).thenCompose(connection -> {
            connection.addListener(events);
            return connection.async().subscribe(keys.events()).handle((ignored, failure) -> {
                if (failure != null) {
                    connection.closeAsync();
                    throw new CompletionException(failure);
                }
                return connection;
            });
        });
    }

    /** A (re)subscription: events published while it was down are lost; tell the listeners once commands work. */
    private void subscribed() {
        missedEventsToTell.set(true);
        waitingCounts.rewriteAll();
        tellMissedEvents();
    }

    private void tellMissedEvents() {
        if (!missedEventsToTell.get()) {
            return;
        }
        // Only once a command goes through: the listeners' reads would fail before that.
        call(RedisAsyncCommands::ping).whenComplete((pong, failure) -> {
            if (failure == null && missedEventsToTell.compareAndSet(true, false)) {
                log.debug("redis store {}: told the listeners that events may have been missed", storeName);
                listeners.eventsMayHaveBeenMissed();
            }
        });
    }

    private void maintain() {
        // The scheduler's thread belongs to the server: Lettuce and Netty look for classes through the context loader.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(RedisStore.class.getClassLoader());
        try {
            if (closed.get()) {
                return;
            }
            if (!subscription.wasMade()) {
                subscription.connection();
            }
            tellMissedEvents();
            dropExpiredMessages();
            if (ticks.incrementAndGet() % TICKS_PER_HEARTBEAT == 0) {
                heartbeat();
            }
        }
        catch (RuntimeException e) {
            // A failing tick must not cancel the ones after it.
            log.warn("redis store {}: maintenance failed", storeName, e);
        }
        finally {
            thread.setContextClassLoader(previous);
        }
    }

    private void dropExpiredMessages() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        call(commands -> channels.dropExpiredMessages(commands, EXPIRY_BATCH)).whenComplete((visited, failure) -> {
            sweeping.set(false);
            if (failure != null) {
                log.debug("redis store {}: could not drop expired messages: {}", storeName, failure.getMessage());
            }
            else if (visited >= EXPIRY_BATCH && !closed.get()) {
                dropExpiredMessages();
            }
        });
    }

    private void heartbeat() {
        call(channels::heartbeat).whenComplete((alive, failure) -> {
            if (failure != null) {
                log.debug("redis store {}: heartbeat failed: {}", storeName, failure.getMessage());
            }
            else if (alive) {
                waitingCounts.retryFailed();
            }
            else {
                // The heartbeat had expired (Redis restarted empty, or this node stalled): the other
                // nodes stopped counting this node's subscribers. Count them again.
                waitingCounts.rewriteAll();
            }
        });
    }

    private Throwable unreachable(Throwable failure) {
        // DEBUG: the server logs each store's down and up transitions once, at WARN and INFO.
        if (failure instanceof org.hbpush.api.StoreUnavailableException && reachable.compareAndSet(true, false) && !closed.get()) {
            log.debug("redis store {}: {}", storeName, failure.getMessage());
        }
        return failure;
    }

    private void reachable() {
        if (reachable.compareAndSet(false, true)) {
            log.debug("redis store {}: {} answers again", storeName, settings.endpoint());
        }
    }

    private static void awaitQuietly(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException | TimeoutException e) {
            // Closing goes on: Redis may well be down, which is why the server may be stopping.
        }
    }

    private static StoreListeners.FailureLog failureLog(Logger log) {
        return (listener, event, failure) -> log.warn("listener {} failed on {}", listener, event, failure);
    }
}
