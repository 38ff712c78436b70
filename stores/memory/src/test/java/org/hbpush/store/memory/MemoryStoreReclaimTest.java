package org.hbpush.store.memory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.PostOptions;
import org.hbpush.api.Retention;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** A store left alone returns to its idle memory: expired messages go, then empty unused channels. */
class MemoryStoreReclaimTest {
    private static final Duration IDLE = Duration.ofMinutes(10);

    private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(1_000_000));
    private final MemoryStore store = new MemoryStore(clock, LoggerFactory.getLogger(MemoryStoreReclaimTest.class));
    private final ChannelId channel = ChannelId.of("burst");

    @Test
    void anEmptyUnusedChannelIsForgottenAfterTheIdleTimeout() {
        store.createChannel(channel);
        clock.advance(IDLE.minusSeconds(1));
        store.reclaimIdleChannels(IDLE);
        assertThat(store.holds(channel)).as("not idle long enough yet").isTrue();

        clock.advance(Duration.ofSeconds(1));
        store.reclaimIdleChannels(IDLE);
        assertThat(store.holds(channel)).as("empty and idle for the timeout: forgotten").isFalse();
        assertThat(info()).as("a request finds it unknown").isEmpty();
    }

    @Test
    void aChannelWhoseMessagesExpiredGoesTooButNotOneWithMessagesOrSubscribers() {
        ChannelId kept = ChannelId.of("kept");
        ChannelId watched = ChannelId.of("watched");
        PostOptions oneMinute = new PostOptions(true, new Retention(1000, Duration.ofMinutes(1), true));
        store.post(channel, "text/plain", ByteBuffer.wrap(new byte[] {1}), oneMinute);
        store.post(kept, "text/plain", ByteBuffer.wrap(new byte[] {1}), new PostOptions(true, Retention.UNLIMITED));
        store.createChannel(watched);
        store.addWaitingSubscribers(watched, 1);

        clock.advance(IDLE.plusMinutes(1));
        store.reclaimIdleChannels(IDLE);

        assertThat(store.holds(channel)).as("its message expired, then it sat idle").isFalse();
        assertThat(store.holds(kept)).as("it still holds a message").isTrue();
        assertThat(store.holds(watched)).as("somebody waits on it").isTrue();
    }

    @Test
    void aRequestKeepsAChannelAlive() {
        store.createChannel(channel);
        clock.advance(IDLE.minusSeconds(1));
        store.firstMessageAfter(channel, org.hbpush.api.MessageId.BEFORE_ALL);
        clock.advance(Duration.ofSeconds(2));
        store.reclaimIdleChannels(IDLE);
        assertThat(store.holds(channel)).isTrue();
    }

    private Optional<ChannelInfo> info() {
        return store.channelInfo(channel).toCompletableFuture().join();
    }
}
