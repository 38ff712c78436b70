package org.hbpush.store.postgresql;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostOptions;
import org.hbpush.api.PostResult;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.Registration;
import org.hbpush.api.Retention;
import org.hbpush.api.Store;
import org.hbpush.api.StoreContext;
import org.hbpush.api.StoreListener;
import org.hbpush.api.StoreListeners;
import org.hbpush.api.StoreUnavailableException;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariDataSource;

import static java.util.Objects.requireNonNull;

/**
 * The PostgreSQL store: channels and messages in tables shared by every node on the same database
 * and table prefix. Every call is one transaction, run by a {@link JdbcExecutor} thread; a post
 * locks its channel's row, gives the next id from the row and the database's clock, stores the
 * message, applies its retention and sends a NOTIFY, all committed together. Posts whose event
 * fits a NOTIFY do all that after the lock in one statement ({@link PostStatement}), also those
 * that trim a full channel: three round trips with the COMMIT.
 *
 * <p>This node's listeners hear this node's events directly after the commit; other nodes' events
 * arrive through the {@link NotificationListener}. Timed tasks on the server's scheduler drop
 * expired messages (every second), keep this node's heartbeat, and sweep stale rows.
 */
public final class PostgresqlStore implements Store {
    private static final int CREATE_ATTEMPTS = 10;

    private final PostgresqlSettings settings;
    private final Logger log;
    private final HikariDataSource pool;
    private final JdbcExecutor executor;
    private final Readiness readiness;
    private final ChannelQueries channels;
    private final MessageQueries messages;
    private final EventQueries events;
    private final PostStatement postStatement;
    private final Maintenance maintenance;
    private final StoreListeners listeners;
    private final NotificationListener notifications;
    private final WaitingCountChanges countChanges;
    private final QueuedReads<ReadKey, Optional<MessageLookup>> queuedReads = new QueuedReads<>();
    private final List<ScheduledFuture<?>> timedTasks = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresqlStore(PostgresqlSettings settings, StoreContext context) {
        this.settings = requireNonNull(settings, "settings is null");
        requireNonNull(context, "context is null");
        this.log = LoggerFactory.getLogger(context.loggerName());
        PGSimpleDataSource source = ConnectionSettings.dataSource(settings);
        this.pool = ConnectionSettings.pool(settings, source, context.storeName());
        Failures failures = new Failures(settings.target());
        Availability availability = new Availability(TimeUnit.MILLISECONDS.toNanos(250), System::nanoTime);
        this.executor = new JdbcExecutor(pool, settings.poolSize(), context.storeName(), failures, availability, log);
        TableNames tables = settings.tables();
        ChannelInfoColumns infoColumns = new ChannelInfoColumns(tables, settings.nodeTimeout());
        this.channels = new ChannelQueries(tables, context.nodeId(), infoColumns);
        this.messages = new MessageQueries(tables);
        this.postStatement = new PostStatement(tables, infoColumns);
        this.events = new EventQueries(tables, HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        this.maintenance = new Maintenance(tables, context.nodeId());
        this.listeners = new StoreListeners(failureLog(log));
        this.countChanges = new WaitingCountChanges(batch -> call("count waiting subscribers", connection -> {
            for (Map.Entry<ChannelId, Integer> change : batch.entrySet()) {
                channels.addWaitingSubscribers(connection, change.getKey(), change.getValue());
            }
            return null;
        }));
        Schema schema = new Schema(tables, log);
        // Ready once the tables are there and this node listens: a post made before the first
        // LISTEN would not be heard here. Waiting for the LISTEN is bounded, since calls must
        // not hang on it; a LISTEN that comes later tells that events may have been missed.
        CompletableFuture<Void> listening = new CompletableFuture<>();
        this.readiness = new Readiness(() -> executor.<Void>call("prepare the tables", connection -> {
            schema.ensure(connection);
            maintenance.heartbeat(connection);
            return null;
        }).thenCompose(prepared -> listening.copy().completeOnTimeout(null, settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)));
        // Listening again proves PostgreSQL is back: calls stop failing fast at once, so the
        // long polls that read the store again do not meet a stale refusal.
        this.notifications = new NotificationListener(source, tables.notifyChannel(), this::heard, () -> {
            listening.complete(null);
            availability.succeeded();
            listeners.eventsMayHaveBeenMissed();
        }, context.storeName(), settings.target(), log);
    }

    /** Opens the store: the pool and the listening connection connect in the background. */
    static PostgresqlStore open(PostgresqlSettings settings, StoreContext context) {
        PostgresqlStore store = new PostgresqlStore(settings, context);
        store.start(context);
        return store;
    }

    private void start(StoreContext context) {
        notifications.start();
        readiness.ready();
        long heartbeatMillis = Math.max(500, settings.nodeTimeout().toMillis() / 6);
        every(context, Duration.ofSeconds(1), "drop expired messages", maintenance::dropExpiredMessages);
        every(context, Duration.ofMillis(heartbeatMillis), "heartbeat", maintenance::heartbeat);
        every(context, Duration.ofMinutes(1), "forget stale rows", maintenance::forgetStaleRows);
        log.info("postgresql store {} on {}: tables {}*, pool of {}, node {}", context.storeName(), settings.target(),
                settings.tables().prefix(), settings.poolSize(), context.nodeId());
    }

    @Override
    public CompletionStage<ChannelInfo> createChannel(ChannelId channel) {
        requireNonNull(channel, "channel is null");
        return call("create channel", connection -> {
            for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
                channels.insertIfMissing(connection, channel);
                // Empty when another node deleted it right after: make it again.
                Optional<ChannelInfo> info = channels.describe(connection, channel);
                if (info.isPresent()) {
                    return info.get();
                }
            }
            throw new SQLException("channel " + channel + " was deleted " + CREATE_ATTEMPTS + " times while being created");
        });
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> channelInfo(ChannelId channel) {
        requireNonNull(channel, "channel is null");
        return callOneStatement("describe channel", connection -> channels.describe(connection, channel));
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> deleteChannel(ChannelId channel) {
        requireNonNull(channel, "channel is null");
        return this.<Optional<ChannelInfo>>call("delete channel", connection -> {
            Optional<Long> key = boxed(channels.lockForDelete(connection, channel));
            if (key.isEmpty()) {
                return Optional.empty();
            }
            ChannelInfo before = channels.describe(connection, key.get(), channel);
            channels.delete(connection, key.get());
            events.deleted(connection, channel);
            return Optional.of(before);
        }).thenApply(before -> {
            before.ifPresent(info -> listeners.channelDeleted(channel));
            return before;
        });
    }

    /** NOTIFYs every node, and tells this node's listeners at once (its own copy is skipped). */
    @Override
    public CompletionStage<Void> claimChannel(ChannelId channel, String claimant) {
        requireNonNull(channel, "channel is null");
        requireNonNull(claimant, "claimant is null");
        return this.<Void>call("claim channel", connection -> {
            events.claimed(connection, channel, claimant);
            return null;
        }).thenApply(ignored -> {
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
        byte[] bytes = new byte[body.remaining()];
        body.duplicate().get(bytes);
        return this.<Optional<Posted>>call("post", connection -> {
            Optional<ChannelRow> locked = lockForPost(connection, channel, options.createChannel());
            if (locked.isEmpty()) {
                return Optional.empty();
            }
            ChannelRow row = locked.get();
            MessageId id = MessageId.following(row.last(), row.nowSeconds());
            Message message = new Message(id, contentType, ByteBuffer.wrap(bytes));
            Retention retention = options.retention();
            PostedMessage event = new PostedMessage(id, row.last(), Optional.of(message), retention.storeMessages());
            Optional<String> payload = events.wholePayload(channel, event);
            // Most posts carry their message in the NOTIFY: one statement does it all, trim included.
            ChannelInfo info = payload.isPresent()
                    ? postStatement.post(connection, channel, row, message, retention, payload.get())
                    : postStepByStep(connection, channel, row, message, retention, event);
            return Optional.of(new Posted(new PostResult(message, info), event));
        }).thenApply(posted -> {
            posted.ifPresent(done -> listeners.messagePosted(channel, done.event()));
            return posted.map(Posted::result);
        });
    }

    @Override
    public CompletionStage<Optional<MessageLookup>> firstMessageAfter(ChannelId channel, MessageId after) {
        requireNonNull(channel, "channel is null");
        requireNonNull(after, "after is null");
        return queuedReads.read(new ReadKey(channel, after), begun -> callOneStatement("read the message after " + after, connection -> {
            begun.run();
            return messages.firstMessageAfter(connection, channel, after);
        }));
    }

    @Override
    public CompletionStage<Void> addWaitingSubscribers(ChannelId channel, int delta) {
        requireNonNull(channel, "channel is null");
        return countChanges.add(channel, delta);
    }

    @Override
    public Registration listen(StoreListener listener) {
        return listeners.add(listener);
    }

    /**
     * Stops the timed tasks and the listening connection, removes this node's counts (it holds
     * no subscriber any more), fails what is still queued and closes the pool.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        timedTasks.forEach(task -> task.cancel(false));
        notifications.close();
        try {
            executor.call("forget this node", connection -> {
                maintenance.forgetThisNode(connection);
                return null;
            }).get(settings.connectTimeout().plus(settings.statementTimeout()).toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        catch (Exception e) {
            log.debug("could not remove this node's waiting subscribers: {}", e.toString());
        }
        executor.close();
        pool.close();
        listeners.clear();
        log.info("postgresql store on {} closed", settings.target());
    }

    /** What makes two reads of the first message after an id the same read. */
    private record ReadKey(ChannelId channel, MessageId after) {
    }

    /** A post's answer and the event that announces it. */
    private record Posted(PostResult result, PostedMessage event) {
    }

    /** A post whose event needs a relayed row or a NOTIFY without the message. */
    private ChannelInfo postStepByStep(Connection connection, ChannelId channel, ChannelRow row, Message message, Retention retention,
            PostedMessage event) throws SQLException {
        Retained retained = retention.storeMessages()
                ? messages.store(connection, row, message, retention)
                : new Retained(row.dropped(), row.messages());
        messages.updateChannel(connection, row.key(), message.id(), retained);
        ChannelInfo info = channels.describe(connection, row.key(), channel);
        events.postedWithoutRoom(connection, channel, event);
        return info;
    }

    /** Locks the channel's row, making the row first when asked; empty when there is no channel to post to. */
    private Optional<ChannelRow> lockForPost(Connection connection, ChannelId channel, boolean create) throws SQLException {
        // Lock first: most posts go to a channel that exists, and the insert would be a wasted round trip.
        Optional<ChannelRow> existing = messages.lockChannel(connection, channel);
        if (existing.isPresent() || !create) {
            return existing;
        }
        for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
            channels.insertIfMissing(connection, channel);
            // Empty when another node deleted it between the two statements: make it again.
            Optional<ChannelRow> row = messages.lockChannel(connection, channel);
            if (row.isPresent()) {
                return row;
            }
        }
        throw new SQLException("channel " + channel + " was deleted " + CREATE_ATTEMPTS + " times while being posted to");
    }

    /** Runs work in a transaction once the tables are ready. */
    private <T> CompletableFuture<T> call(String action, JdbcExecutor.Work<T> work) {
        return whenReady(() -> executor.call(action, work));
    }

    /** Runs one statement on its own (no COMMIT round trip) once the tables are ready. */
    private <T> CompletableFuture<T> callOneStatement(String action, JdbcExecutor.Work<T> work) {
        return whenReady(() -> executor.callOneStatement(action, work));
    }

    /** Submits the work once the tables are ready; calls after close fail at once. */
    private <T> CompletableFuture<T> whenReady(Supplier<CompletableFuture<T>> submit) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new StoreUnavailableException("the postgresql store is closed"));
        }
        return readiness.ready().thenCompose(ready -> submit.get());
    }

    /** A payload heard on the listening thread: another node's event, or this node's own, skipped. */
    private void heard(String payload) {
        StoreEvent event;
        try {
            event = EventPayloads.decode(payload);
        }
        catch (IllegalArgumentException e) {
            log.warn("ignored an event nobody could have sent: {}", e.getMessage());
            return;
        }
        if (event instanceof StoreEvent.Posted posted) {
            if (!posted.origin().equals(events.origin())) {
                listeners.messagePosted(posted.channel(), posted.posted());
            }
        }
        else if (event instanceof StoreEvent.Deleted deleted) {
            if (!deleted.origin().equals(events.origin())) {
                listeners.channelDeleted(deleted.channel());
            }
        }
        else if (event instanceof StoreEvent.Claimed claimed) {
            if (!claimed.origin().equals(events.origin())) {
                listeners.channelClaimed(claimed.channel(), claimed.claimant());
            }
        }
        else if (event instanceof StoreEvent.Relayed relayed && !relayed.origin().equals(events.origin())) {
            readRelayed(relayed.id());
        }
    }

    private void readRelayed(long id) {
        executor.call("read relayed event " + id, connection -> events.relayed(connection, id))
                .whenComplete((payload, failure) -> {
                    if (failure == null && payload.isPresent() && !payload.get().startsWith("R ")) {
                        heard(payload.get());
                    }
                    else {
                        // The event is lost: let the held long polls read the store instead.
                        listeners.eventsMayHaveBeenMissed();
                    }
                });
    }

    private void every(StoreContext context, Duration period, String action, SqlTask task) {
        AtomicBoolean running = new AtomicBoolean();
        Runnable run = () -> {
            if (closed.get() || !running.compareAndSet(false, true)) {
                return;
            }
            // The scheduler's thread only hands the work over: its tasks must not block.
            call(action, connection -> {
                task.run(connection);
                return null;
            }).whenComplete((ignored, failure) -> {
                running.set(false);
                if (failure != null) {
                    log.debug("{} failed: {}", action, failure.toString());
                }
            });
        };
        timedTasks.add(context.scheduler().scheduleWithFixedDelay(run, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS));
    }

    @FunctionalInterface
    private interface SqlTask {
        void run(Connection connection) throws SQLException;
    }

    private static Optional<Long> boxed(OptionalLong value) {
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    private static StoreListeners.FailureLog failureLog(Logger log) {
        return (listener, event, failure) -> log.warn("listener {} failed on {}", listener, event, failure);
    }
}
