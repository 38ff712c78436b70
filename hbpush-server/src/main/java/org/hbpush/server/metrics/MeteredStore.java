package org.hbpush.server.metrics;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostOptions;
import org.hbpush.api.PostResult;
import org.hbpush.api.Registration;
import org.hbpush.api.Store;
import org.hbpush.api.StoreListener;
import org.hbpush.api.StoreUnavailableException;

import static java.util.Objects.requireNonNull;

/**
 * A store whose every call is timed, from the call until its stage completes, into
 * {@code hbpush_store_call_duration_seconds}; a stage that fails also counts in
 * {@code hbpush_store_errors_total} by kind: {@code unavailable} (the backend is down),
 * {@code unsupported} (the store declines an optional ability) or {@code failure} (anything else).
 * Its listeners see post events through {@link PostEvents}, which starts the delivery latency.
 */
public final class MeteredStore implements Store {
    static final String CALL_DURATION = "hbpush.store.call.duration";
    static final String ERRORS = "hbpush.store.errors";
    /** From a memory store's microseconds to a dead backend's timeouts. */
    private static final Duration[] BUCKETS = {
            Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final Store delegate;
    private final Map<StoreOperation, OperationMeters> meters = new EnumMap<>(StoreOperation.class);

    /**
     * @param name its name in the configuration ({@code store} label)
     * @param type its type ({@code store_type} label)
     */
    public MeteredStore(Store delegate, String name, String type, MeterRegistry registry) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        requireNonNull(registry, "registry is null");
        Tags storeTags = Tags.of("store", requireNonNull(name, "name is null"), "store_type", requireNonNull(type, "type is null"));
        for (StoreOperation operation : StoreOperation.values()) {
            meters.put(operation, OperationMeters.register(registry, storeTags.and("operation", operation.label()),
                    operation == StoreOperation.CLAIM_CHANNEL));
        }
    }

    @Override
    public CompletionStage<ChannelInfo> createChannel(ChannelId channel) {
        return timed(StoreOperation.CREATE_CHANNEL, () -> delegate.createChannel(channel));
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> channelInfo(ChannelId channel) {
        return timed(StoreOperation.CHANNEL_INFO, () -> delegate.channelInfo(channel));
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> deleteChannel(ChannelId channel) {
        return timed(StoreOperation.DELETE_CHANNEL, () -> delegate.deleteChannel(channel));
    }

    @Override
    public CompletionStage<Optional<PostResult>> post(ChannelId channel, String contentType, ByteBuffer body, PostOptions options) {
        return timed(StoreOperation.POST, () -> delegate.post(channel, contentType, body, options));
    }

    @Override
    public CompletionStage<Optional<MessageLookup>> firstMessageAfter(ChannelId channel, MessageId after) {
        return timed(StoreOperation.FIRST_MESSAGE_AFTER, () -> delegate.firstMessageAfter(channel, after));
    }

    @Override
    public CompletionStage<Void> addWaitingSubscribers(ChannelId channel, int delta) {
        return timed(StoreOperation.ADD_WAITING_SUBSCRIBERS, () -> delegate.addWaitingSubscribers(channel, delta));
    }

    @Override
    public CompletionStage<Void> claimChannel(ChannelId channel, String claimant) {
        return timed(StoreOperation.CLAIM_CHANNEL, () -> delegate.claimChannel(channel, claimant));
    }

    @Override
    public OptionalLong channelCount() {
        return delegate.channelCount();
    }

    @Override
    public OptionalLong storedMessageCount() {
        return delegate.storedMessageCount();
    }

    @Override
    public Registration listen(StoreListener listener) {
        return delegate.listen(PostEvents.marking(listener));
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }

    /**
     * The delegate's stage, completed exactly as it completes (the same value or the same
     * exception, unwrapped as it was), once the call is recorded.
     */
    private <T> CompletionStage<T> timed(StoreOperation operation, Supplier<CompletionStage<T>> call) {
        long start = System.nanoTime();
        CompletionStage<T> stage;
        try {
            stage = call.get();
        }
        catch (RuntimeException e) {
            record(operation, start, e);
            throw e;
        }
        CompletableFuture<T> answered = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> {
            record(operation, start, failure);
            if (failure == null) {
                answered.complete(value);
            }
            else {
                answered.completeExceptionally(failure);
            }
        });
        return answered;
    }

    private void record(StoreOperation operation, long start, Throwable failure) {
        OperationMeters operationMeters = meters.get(operation);
        operationMeters.duration().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (failure != null) {
            operationMeters.count(failure);
        }
    }

    /**
     * One operation's timer and error counters, all registered up front: a counter that appears
     * at its first error would hide that error from {@code increase()} and {@code rate()}.
     *
     * @param unsupported empty for the operations every store must implement
     */
    private record OperationMeters(Timer duration, Counter unavailable, Optional<Counter> unsupported, Counter failed) {
        static OperationMeters register(MeterRegistry registry, Tags tags, boolean optionalAbility) {
            Timer duration = Timer.builder(CALL_DURATION)
                    .description("Store calls, from the call until the store answers, failures included")
                    .tags(tags)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry);
            return new OperationMeters(duration, errors(registry, tags, "unavailable"),
                    optionalAbility ? Optional.of(errors(registry, tags, "unsupported")) : Optional.empty(),
                    errors(registry, tags, "failure"));
        }

        private static Counter errors(MeterRegistry registry, Tags tags, String kind) {
            return Counter.builder(ERRORS)
                    .description("Store calls that failed, by kind: unavailable (backend down), unsupported (optional ability declined) or failure")
                    .tags(tags).tag("error", kind)
                    .register(registry);
        }

        void count(Throwable failure) {
            Throwable cause = failure;
            while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof StoreUnavailableException) {
                unavailable.increment();
            }
            else if (cause instanceof UnsupportedOperationException && unsupported.isPresent()) {
                unsupported.get().increment();
            }
            else {
                failed.increment();
            }
        }
    }
}
