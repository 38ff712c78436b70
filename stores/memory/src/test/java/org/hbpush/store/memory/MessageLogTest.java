package org.hbpush.store.memory;

import java.nio.ByteBuffer;
import java.time.Duration;

import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.Retention;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageLogTest {
    private static final long NOW = 1_000_000;

    private final MessageLog log = new MessageLog();

    @Test
    void anEmptyLogHasNothingNewer() {
        assertThat(log.firstAfter(MessageId.BEFORE_ALL, NOW)).isEqualTo(MessageLookup.nothingNewer());
    }

    @Test
    void findsTheFirstMessageAfterAnyId() {
        // Times 100, 100, 100, 105, 105, 110: tags 0, 1, 2, 0, 1, 0.
        Message[] messages = {
                message(100, 0), message(100, 1), message(100, 2), message(105, 0), message(105, 1), message(110, 0)};
        for (Message message : messages) {
            log.append(message, Retention.UNLIMITED, NOW);
        }

        assertThat(log.firstAfter(MessageId.BEFORE_ALL, NOW)).isEqualTo(MessageLookup.found(messages[0]));
        assertThat(log.firstAfter(new MessageId(99, 7), NOW)).isEqualTo(MessageLookup.found(messages[0]));
        assertThat(log.firstAfter(new MessageId(100, 1), NOW)).isEqualTo(MessageLookup.found(messages[2]));
        assertThat(log.firstAfter(new MessageId(100, 2), NOW)).isEqualTo(MessageLookup.found(messages[3]));
        assertThat(log.firstAfter(new MessageId(100, 9), NOW)).as("an id between two stored ones").isEqualTo(MessageLookup.found(messages[3]));
        assertThat(log.firstAfter(new MessageId(107, 0), NOW)).isEqualTo(MessageLookup.found(messages[5]));
        assertThat(log.firstAfter(new MessageId(110, 0), NOW)).isEqualTo(MessageLookup.nothingNewer());
        assertThat(log.size()).isEqualTo(6);
    }

    @Test
    void refusesAnIdThatDoesNotFollow() {
        log.append(message(100, 1), Retention.UNLIMITED, NOW);

        assertThatThrownBy(() -> log.append(message(100, 1), Retention.UNLIMITED, NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> log.append(message(100, 0), Retention.UNLIMITED, NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keepsTheNewestMessagesAndReportsTheGapToAnOlderReader() {
        Retention three = new Retention(3, Duration.ZERO, true);
        for (int tag = 0; tag < 5; tag++) {
            log.append(message(100, tag), three, NOW);
        }
        assertThat(log.size()).isEqualTo(3);
        assertThat(log.firstAfter(new MessageId(100, 0), NOW))
                .as("the reader missed 100:1, dropped: it gets the oldest kept, marked as a gap")
                .isEqualTo(MessageLookup.foundAfterGap(message(100, 2)));
        assertThat(log.firstAfter(new MessageId(100, 1), NOW))
                .as("the reader has the newest dropped message: no gap")
                .isEqualTo(MessageLookup.found(message(100, 2)));
        assertThat(log.firstAfter(MessageId.BEFORE_ALL, NOW))
                .as("a reader that names no message asks for the oldest kept: no gap")
                .isEqualTo(MessageLookup.found(message(100, 2)));
    }

    @Test
    void dropsExpiredMessages() {
        Retention tenSeconds = new Retention(1000, Duration.ofSeconds(10), true);
        log.append(message(100, 0), tenSeconds, NOW);
        log.append(message(105, 0), tenSeconds, NOW + 5_000);

        assertThat(log.firstAfter(MessageId.BEFORE_ALL, NOW + 9_999)).isEqualTo(MessageLookup.found(message(100, 0)));
        log.dropExpired(NOW + 10_000);
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.firstAfter(new MessageId(99, 0), NOW + 10_000)).isEqualTo(MessageLookup.foundAfterGap(message(105, 0)));
        assertThat(log.firstAfter(MessageId.BEFORE_ALL, NOW + 15_000)).isEqualTo(MessageLookup.nothingNewer());
        assertThat(log.isEmpty()).isTrue();
    }

    @Test
    void anExpiredMessageBehindALongerLivedOneIsSkipped() {
        log.append(message(100, 0), Retention.UNLIMITED, NOW);
        log.append(message(100, 1), new Retention(1000, Duration.ofSeconds(1), true), NOW);
        log.append(message(100, 2), Retention.UNLIMITED, NOW);

        assertThat(log.firstAfter(new MessageId(100, 0), NOW + 2_000)).isEqualTo(MessageLookup.foundAfterGap(message(100, 2)));
    }

    private static Message message(long time, long tag) {
        return new Message(new MessageId(time, tag), "text/plain", ByteBuffer.allocate(0));
    }
}
