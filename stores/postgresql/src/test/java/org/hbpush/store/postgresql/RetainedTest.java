package org.hbpush.store.postgresql;

import java.time.Duration;
import java.util.Optional;

import org.hbpush.api.MessageId;
import org.hbpush.api.Retention;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetainedTest {
    private static final MessageId DROPPED = new MessageId(1000, 3);
    private static final ChannelRow THREE_MESSAGES = new ChannelRow(7, new MessageId(1000, 9), DROPPED, 3, 1001);

    @Test
    void aStoredMessageThatFitsTheBufferIsCounted() {
        assertThat(Retained.untrimmed(THREE_MESSAGES, new Retention(4, Duration.ZERO, true))).contains(new Retained(DROPPED, 4));
    }

    @Test
    void aStoredMessagePastTheBufferMustTrim() {
        assertThat(Retained.untrimmed(THREE_MESSAGES, new Retention(3, Duration.ZERO, true))).isEmpty();
    }

    @Test
    void aMessageNotStoredLeavesTheChannelAsItWas() {
        assertThat(Retained.untrimmed(THREE_MESSAGES, Retention.NONE)).isEqualTo(Optional.of(new Retained(DROPPED, 3)));
    }
}
