package org.hbpush.server.subscription;

import java.util.List;

import org.hbpush.api.MessageId;
import org.hbpush.server.subscription.ChannelWaiters.Place;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The line of held subscribers on one channel: order, leaving once, and places of another line. */
class ChannelWaitersTest {
    private static final MessageId FIRST = new MessageId(100, 0);
    private static final MessageId LATER = new MessageId(100, 1);

    @Test
    @DisplayName("the snapshot is the line, longest waiting first, without those who left")
    void snapshotInOrder() {
        ChannelWaiters line = new ChannelWaiters();
        Place first = line.add(new RecordingSubscriber(FIRST));
        Place second = line.add(new RecordingSubscriber(FIRST));
        Place third = line.add(new RecordingSubscriber(FIRST));

        assertThat(line.remove(second)).isTrue();
        assertThat(line.remove(second)).as("a place leaves once").isFalse();
        assertThat(line.snapshot()).containsExactly(first, third);
        assertThat(line.size()).isEqualTo(2);
    }

    @Test
    @DisplayName("a place of another line (a channel deleted and made again) is not taken out of this one")
    void placeOfAnotherLine() {
        ChannelWaiters dropped = new ChannelWaiters();
        Place stale = dropped.add(new RecordingSubscriber(FIRST));
        ChannelWaiters current = new ChannelWaiters();
        Place waiting = current.add(new RecordingSubscriber(FIRST));

        assertThat(current.remove(stale)).isFalse();
        assertThat(current.snapshot()).containsExactly(waiting);
        assertThat(current.size()).isEqualTo(1);
        assertThat(dropped.remove(stale)).as("its own line still lets it go").isTrue();
    }

    @Test
    @DisplayName("groups by the id waited after, in the order of the line")
    void groups() {
        ChannelWaiters line = new ChannelWaiters();
        Place a = line.add(new RecordingSubscriber(FIRST));
        Place b = line.add(new RecordingSubscriber(LATER));
        Place c = line.add(new RecordingSubscriber(FIRST));

        assertThat(line.groupedByLastMessage()).containsExactly(entry(FIRST, List.of(a, c)), entry(LATER, List.of(b)));
    }
}
