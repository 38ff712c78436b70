package org.hbpush.server.metrics;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.PostOptions;
import org.hbpush.api.PostResult;
import org.hbpush.api.Store;
import org.hbpush.api.StoreUnavailableException;
import org.hbpush.store.memory.MemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The metering decorator alone, around the memory store and a store whose backend is down. */
class MeteredStoreTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MemoryStore memory = new MemoryStore(Clock.systemUTC(), LoggerFactory.getLogger("hbpush.store.metered-test"));

    @AfterEach
    void close() {
        memory.close();
        registry.close();
    }

    @Test
    void overridesEveryStoreMethodDefaultMethodsIncluded() throws NoSuchMethodException {
        // A default method left to the interface would hide the store's own answer (its counts, its claims).
        for (Method method : Store.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            assertThat(MeteredStore.class.getDeclaredMethod(method.getName(), method.getParameterTypes()))
                    .as("MeteredStore overrides " + method.getName())
                    .isNotNull();
        }
    }

    @Test
    void answersAsTheStoreDoesAndTimesEachCall() {
        Store store = new MeteredStore(memory, "default", "memory", registry);
        ChannelId channel = ChannelId.of("metered");

        Optional<PostResult> posted = store.post(channel, "text/plain", ByteBuffer.wrap(new byte[] {1}), PostOptions.DEFAULT)
                .toCompletableFuture().join();
        store.channelInfo(channel).toCompletableFuture().join();
        store.channelInfo(channel).toCompletableFuture().join();

        assertThat(posted).isPresent();
        assertThat(store.channelCount()).hasValue(1);
        assertThat(store.storedMessageCount()).hasValue(1);
        assertThat(registry.get(MeteredStore.CALL_DURATION).tags("store", "default", "store_type", "memory", "operation", "post").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(MeteredStore.CALL_DURATION).tags("operation", "channel_info").timer().count()).isEqualTo(2);
        assertThat(registry.get(MeteredStore.ERRORS).counters()).allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Test
    void aFailedStageFailsWithTheSameExceptionAndCountsByKind() {
        StoreUnavailableException down = new StoreUnavailableException("redis at 127.0.0.1:1 is unreachable");
        Store store = new MeteredStore(new DownStore(down), "shared", "redis", registry);

        CompletableFuture<Optional<ChannelInfo>> info = store.channelInfo(ChannelId.of("any")).toCompletableFuture();
        CompletableFuture<Void> claim = store.claimChannel(ChannelId.of("any"), "1").toCompletableFuture();

        assertThat(info).isCompletedExceptionally();
        assertThat(failureOf(info)).as("not wrapped: callers unwrap exactly as before").isSameAs(down);
        assertThat(failureOf(claim)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(registry.get(MeteredStore.ERRORS).tags("operation", "channel_info", "error", "unavailable").counter().count()).isEqualTo(1);
        assertThat(registry.get(MeteredStore.ERRORS).tags("operation", "claim_channel", "error", "unsupported").counter().count()).isEqualTo(1);
        assertThat(registry.get(MeteredStore.CALL_DURATION).tags("operation", "channel_info").timer().count()).isEqualTo(1);
        assertThat(store.channelCount()).as("a store that cannot tell says so").isEmpty();
    }

    /** The exception the stage completed with, as a dependent stage is handed it. */
    private static Throwable failureOf(CompletableFuture<?> stage) {
        return stage.handle((value, failure) -> failure).join();
    }

    /** A store whose backend is down: every call fails; claims are declined, as the SPI's default does. */
    private static final class DownStore implements Store {
        private final StoreUnavailableException down;

        DownStore(StoreUnavailableException down) {
            this.down = down;
        }

        @Override
        public CompletionStage<ChannelInfo> createChannel(ChannelId channel) {
            return CompletableFuture.failedFuture(down);
        }

        @Override
        public CompletionStage<Optional<ChannelInfo>> channelInfo(ChannelId channel) {
            return CompletableFuture.failedFuture(down);
        }

        @Override
        public CompletionStage<Optional<ChannelInfo>> deleteChannel(ChannelId channel) {
            return CompletableFuture.failedFuture(down);
        }

        @Override
        public CompletionStage<Optional<PostResult>> post(ChannelId channel, String contentType, ByteBuffer body, PostOptions options) {
            return CompletableFuture.failedFuture(down);
        }

        @Override
        public CompletionStage<Optional<org.hbpush.api.MessageLookup>> firstMessageAfter(ChannelId channel, org.hbpush.api.MessageId after) {
            return CompletableFuture.failedFuture(down);
        }

        @Override
        public CompletionStage<Void> addWaitingSubscribers(ChannelId channel, int delta) {
            return CompletableFuture.failedFuture(down);
        }

        @Override
        public org.hbpush.api.Registration listen(org.hbpush.api.StoreListener listener) {
            return () -> { };
        }

        @Override
        public void close() {
        }
    }
}
