package org.hbpush.store.memory;

import java.nio.ByteBuffer;

import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageLogTest {
    private final MessageLog log = new MessageLog();

    @Test
    void anEmptyLogHasNothingNewer() {
        assertThat(log.firstAfter(MessageId.BEFORE_ALL)).isEqualTo(MessageLookup.nothingNewer());
    }

    @Test
    void findsTheFirstMessageAfterAnyId() {
        // Times 100, 100, 100, 105, 105, 110: tags 0, 1, 2, 0, 1, 0.
        Message[] messages = {
                message(100, 0), message(100, 1), message(100, 2), message(105, 0), message(105, 1), message(110, 0)};
        for (Message message : messages) {
            log.append(message);
        }

        assertThat(log.firstAfter(MessageId.BEFORE_ALL)).isEqualTo(MessageLookup.found(messages[0]));
        assertThat(log.firstAfter(new MessageId(99, 7))).isEqualTo(MessageLookup.found(messages[0]));
        assertThat(log.firstAfter(new MessageId(100, 1))).isEqualTo(MessageLookup.found(messages[2]));
        assertThat(log.firstAfter(new MessageId(100, 2))).isEqualTo(MessageLookup.found(messages[3]));
        assertThat(log.firstAfter(new MessageId(100, 9))).as("an id between two stored ones").isEqualTo(MessageLookup.found(messages[3]));
        assertThat(log.firstAfter(new MessageId(107, 0))).isEqualTo(MessageLookup.found(messages[5]));
        assertThat(log.firstAfter(new MessageId(110, 0))).isEqualTo(MessageLookup.nothingNewer());
        assertThat(log.size()).isEqualTo(6);
    }

    @Test
    void refusesAnIdThatDoesNotFollow() {
        log.append(message(100, 1));

        assertThatThrownBy(() -> log.append(message(100, 1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> log.append(message(100, 0))).isInstanceOf(IllegalStateException.class);
    }

    private static Message message(long time, long tag) {
        return new Message(new MessageId(time, tag), "text/plain", ByteBuffer.allocate(0));
    }
}
