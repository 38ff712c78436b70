package org.hbpush.store.memory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;

import org.hbpush.api.PostOptions;
import org.hbpush.api.ChannelId;
import org.hbpush.api.MessageId;
import org.hbpush.api.PostResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The message id rules of PROTOCOL.md, driven by a clock the test moves. */
class MemoryStoreIdsTest {
    private static final Instant START = Instant.parse("2024-05-01T12:00:00.250Z");
    private static final long START_SECOND = START.getEpochSecond();

    private final ManualClock clock = new ManualClock(START);
    private final MemoryStore store = new MemoryStore(clock, LoggerFactory.getLogger(MemoryStoreIdsTest.class));
    private final ChannelId channel = ChannelId.of("ids");

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void theFirstMessageGetsTheClocksSecondAndTagZero() {
        assertThat(post()).isEqualTo(new MessageId(START_SECOND, 0));
    }

    @Test
    void theSameSecondCountsTagsUp() {
        post();
        clock.advance(Duration.ofMillis(700));   // 12:00:00.950, still the same second

        assertThat(post()).isEqualTo(new MessageId(START_SECOND, 1));
        assertThat(post()).isEqualTo(new MessageId(START_SECOND, 2));
    }

    @Test
    void aNewSecondStartsAgainAtTagZero() {
        post();
        post();
        clock.advance(Duration.ofMillis(750));   // 12:00:01.000

        assertThat(post()).isEqualTo(new MessageId(START_SECOND + 1, 0));
    }

    @Test
    void aClockGoingBackKeepsTheLastTimeAndCountsOn() {
        clock.advance(Duration.ofSeconds(10));
        post();
        clock.set(START);   // ten seconds back

        assertThat(post()).as("ids never go backwards").isEqualTo(new MessageId(START_SECOND + 10, 1));
        assertThat(post()).isEqualTo(new MessageId(START_SECOND + 10, 2));

        clock.advance(Duration.ofSeconds(11));   // past the last time again
        assertThat(post()).isEqualTo(new MessageId(START_SECOND + 11, 0));
    }

    @Test
    void eachChannelCountsItsOwnTags() {
        post();
        post();
        PostResult other = store.post(ChannelId.of("other"), "text/plain", ByteBuffer.allocate(0), PostOptions.DEFAULT)
                .toCompletableFuture().join().orElseThrow();

        assertThat(other.message().id()).isEqualTo(new MessageId(START_SECOND, 0));
    }

    @Test
    void aRecreatedChannelStartsAgain() {
        post();
        post();
        store.deleteChannel(channel);

        assertThat(post()).isEqualTo(new MessageId(START_SECOND, 0));
    }

    private MessageId post() {
        return store.post(channel, "text/plain", ByteBuffer.wrap(new byte[] {1}), PostOptions.DEFAULT)
                .toCompletableFuture().join().orElseThrow()
                .message().id();
    }
}
