package org.hbpush.store.memory;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostOptions;
import org.hbpush.api.PostResult;
import org.hbpush.api.Registration;
import org.hbpush.api.Store;
import org.hbpush.api.StoreListener;
import org.hbpush.api.StoreListeners;
import org.hbpush.api.StoreUnavailableException;
import org.slf4j.Logger;

import static java.util.Objects.requireNonNull;

/**
 * The memory store: channels in a concurrent map, each {@link MemoryChannel} guarded by its own
 * lock. Every answer is at hand, so every stage is already complete when returned.
 *
 * <p>Each post's {@link org.hbpush.api.Retention} bounds its channel; {@link #reclaimIdleChannels},
 * run every second by the provider, drops expired messages that no request touches and forgets
 * channels left empty and unused.
 *
 * <pre>{@code
 * Store store = new MemoryStore(Clock.systemUTC(), LoggerFactory.getLogger("hbpush.store.default"));
 * }</pre>
 */
public final class MemoryStore implements Store {
    /*
     * The answers every held poll gets, each in one stage made once: a completed future no longer
     * changes (complete and cancel do nothing to it, and nothing obtrudes), so callers can share it.
     */
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final CompletableFuture<Optional<MessageLookup>> NOTHING_NEWER = CompletableFuture.completedFuture(MemoryChannel.NOTHING_NEWER);
    /** What {@link #onChannel} needs to hear from an action that answers nothing but "done". */
    private static final Optional<Boolean> APPLIED = Optional.of(Boolean.TRUE);

    private final ConcurrentMap<ChannelId, MemoryChannel> channels = new ConcurrentHashMap<>();
    private final Clock clock;
    private final StoreListeners listeners;
    private volatile boolean closed;
    private volatile Optional<ScheduledFuture<?>> sweeper = Optional.empty();

    /**
     * A store whose expired messages go when a request touches their channel.
     *
     * @param clock gives message ids their time and messages their expiry; tests pass a clock they move by hand
     * @param log   where a failing listener is reported
     */
    public MemoryStore(Clock clock, Logger log) {
        this.clock = requireNonNull(clock, "clock is null");
        this.listeners = new StoreListeners(failureLog(requireNonNull(log, "log is null")));
    }

    /**
     * A store that also sweeps every second on {@code scheduler}, until closed: expired messages,
     * and channels idle for {@code channelIdleTimeout}.
     */
    public MemoryStore(Clock clock, Logger log, ScheduledExecutorService scheduler, Duration channelIdleTimeout) {
        this(clock, log);
        requireNonNull(scheduler, "scheduler is null");
        requireNonNull(channelIdleTimeout, "channelIdleTimeout is null");
        sweeper = Optional.of(scheduler.scheduleWithFixedDelay(() -> reclaimIdleChannels(channelIdleTimeout), 1, 1, TimeUnit.SECONDS));
    }

    @Override
    public CompletionStage<ChannelInfo> createChannel(ChannelId channel) {
        requireNonNull(channel, "channel is null");
        return answer(() -> onChannel(channel, true, MemoryChannel::info).orElseThrow());
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> channelInfo(ChannelId channel) {
        requireNonNull(channel, "channel is null");
        return answer(() -> onChannel(channel, false, MemoryChannel::info));
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> deleteChannel(ChannelId channel) {
        requireNonNull(channel, "channel is null");
        return answer(() -> {
            Optional<ChannelInfo> before = onChannel(channel, false, found -> found.delete().map(info -> {
                channels.remove(channel, found);
                return info;
            }));
            before.ifPresent(info -> listeners.channelDeleted(channel));
            return before;
        });
    }

    @Override
    public CompletionStage<Optional<PostResult>> post(ChannelId channel, String contentType, ByteBuffer body, PostOptions options) {
        requireNonNull(channel, "channel is null");
        requireNonNull(contentType, "contentType is null");
        requireNonNull(body, "body is null");
        requireNonNull(options, "options is null");
        return answer(() -> {
            Optional<MemoryChannel.Appended> appended = onChannel(channel, options.createChannel(),
                    found -> found.append(contentType, body, options.retention()));
            appended.ifPresent(posted -> listeners.messagePosted(channel, posted.event()));
            return appended.map(MemoryChannel.Appended::result);
        });
    }

    @Override
    public CompletionStage<Optional<MessageLookup>> firstMessageAfter(ChannelId channel, MessageId after) {
        requireNonNull(channel, "channel is null");
        requireNonNull(after, "after is null");
        return answer(() -> onChannel(channel, false, found -> found.firstMessageAfter(after)));
    }

    @Override
    public CompletionStage<Void> addWaitingSubscribers(ChannelId channel, int delta) {
        requireNonNull(channel, "channel is null");
        return answer(() -> {
            onChannel(channel, false, found -> found.addWaitingSubscribers(delta) ? APPLIED : Optional.empty());
            return null;
        });
    }

    /** Drops the expired messages of every channel. */
    public void dropExpiredMessages() {
        for (MemoryChannel channel : channels.values()) {
            channel.dropExpired();
        }
    }

    /**
     * Drops expired messages, then forgets the channels that have been empty, unwatched and
     * untouched for {@code idle}. A request for such a channel later finds it unknown (404), as if
     * it had been deleted; a post creates it again.
     */
    public void reclaimIdleChannels(Duration idle) {
        for (MemoryChannel channel : channels.values()) {
            if (channel.reclaimIfIdle(idle)) {
                channels.remove(channel.id(), channel);
            }
        }
    }

    /** One node: the claim is told to this store's listeners. */
    @Override
    public CompletionStage<Void> claimChannel(ChannelId channel, String claimant) {
        requireNonNull(channel, "channel is null");
        requireNonNull(claimant, "claimant is null");
        return answer(() -> {
            listeners.channelClaimed(channel, claimant);
            return null;
        });
    }

    /** The channels held now, read from the map's own count. */
    @Override
    public OptionalLong channelCount() {
        return OptionalLong.of(channels.size());
    }

    /** The messages kept now: one short lock per channel, so a scrape costs a walk over the channels. */
    @Override
    public OptionalLong storedMessageCount() {
        long stored = 0;
        for (MemoryChannel channel : channels.values()) {
            stored += channel.storedMessages();
        }
        return OptionalLong.of(stored);
    }

    /** True while the store holds the channel; unlike a request, asking does not keep it alive. */
    boolean holds(ChannelId channel) {
        return channels.containsKey(channel);
    }

    @Override
    public Registration listen(StoreListener listener) {
        return listeners.add(listener);
    }

    /** Forgets every channel and listener; later calls fail with {@link StoreUnavailableException}. */
    @Override
    public void close() {
        closed = true;
        sweeper.ifPresent(task -> task.cancel(false));
        listeners.clear();
        channels.clear();
    }

    /**
     * Runs {@code action} on the live channel with this id. A {@link MemoryChannel} answers empty
     * once deleted; then the deleted channel is dropped from the map (helping a delete still on its
     * way) and the action runs again on whatever the map holds by then: nothing, or a channel made
     * after the delete.
     *
     * @param create make the channel when the map has none
     * @return the action's answer; empty when there is no live channel and {@code create} is false
     */
    private <T> Optional<T> onChannel(ChannelId id, boolean create, Function<MemoryChannel, Optional<T>> action) {
        while (true) {
            MemoryChannel channel = create
                    ? channels.computeIfAbsent(id, absent -> new MemoryChannel(absent, clock))
                    : channels.get(id);
            if (channel == null) {
                return Optional.empty();
            }
            Optional<T> answer = action.apply(channel);
            if (answer.isPresent()) {
                return answer;
            }
            channels.remove(id, channel);
        }
    }

    private <T> CompletionStage<T> answer(Supplier<T> work) {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreUnavailableException("the memory store is closed"));
        }
        try {
            return completed(work.get());
        }
        catch (RuntimeException e) {
            // A bug here must still complete the stage, or a subscriber would wait forever.
            return CompletableFuture.failedFuture(e);
        }
    }

    @SuppressWarnings("unchecked") // a shared stage is returned only for the very value it holds
    private static <T> CompletableFuture<T> completed(T value) {
        if (value == null) {
            return (CompletableFuture<T>) DONE;
        }
        if (value == MemoryChannel.NOTHING_NEWER) {
            return (CompletableFuture<T>) NOTHING_NEWER;
        }
        return CompletableFuture.completedFuture(value);
    }

    private static StoreListeners.FailureLog failureLog(Logger log) {
        return (listener, event, failure) -> log.warn("listener {} failed on {}", listener, event, failure);
    }
}
