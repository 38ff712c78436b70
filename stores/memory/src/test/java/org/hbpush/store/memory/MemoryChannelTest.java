package org.hbpush.store.memory;

import java.nio.ByteBuffer;
import java.time.Instant;

import org.hbpush.api.ChannelId;
import org.hbpush.api.MessageId;
import org.hbpush.api.Retention;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a channel does once deleted: the guard against posts racing a delete. */
class MemoryChannelTest {
    private final MemoryChannel channel = new MemoryChannel(ChannelId.of("racing"), new ManualClock(Instant.EPOCH.plusSeconds(1000)));

    @Test
    void aDeletedChannelRefusesEverything() {
        channel.append("text/plain", ByteBuffer.wrap(new byte[] {1}), Retention.DEFAULT);
        channel.addWaitingSubscribers(1);

        assertThat(channel.delete()).hasValueSatisfying(before -> assertThat(before.storedMessages()).isEqualTo(1));

        assertThat(channel.append("text/plain", ByteBuffer.wrap(new byte[] {2}), Retention.DEFAULT)).as("no post appends to a dropped channel").isEmpty();
        assertThat(channel.info()).isEmpty();
        assertThat(channel.firstMessageAfter(MessageId.BEFORE_ALL)).isEmpty();
        assertThat(channel.addWaitingSubscribers(1)).as("no count changes on a dropped channel").isFalse();
        assertThat(channel.delete()).as("a channel is deleted once").isEmpty();
    }
}
