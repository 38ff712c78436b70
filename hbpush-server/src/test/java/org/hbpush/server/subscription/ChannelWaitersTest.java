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
    @DisplayName("subscribers leave from the front, the middle and the end; the rest keep their order")
    void leavingKeepsTheOrder() {
        ChannelWaiters line = new ChannelWaiters();
        List<Place> places = List.of(line.add(new RecordingSubscriber(FIRST)), line.add(new RecordingSubscriber(FIRST)),
                line.add(new RecordingSubscriber(FIRST)), line.add(new RecordingSubscriber(FIRST)), line.add(new RecordingSubscriber(FIRST)));

        assertThat(line.remove(places.get(2))).isTrue();
        assertThat(line.snapshot()).containsExactly(places.get(0), places.get(1), places.get(3), places.get(4));
        assertThat(line.remove(places.get(0))).isTrue();
        assertThat(line.remove(places.get(4))).isTrue();
        assertThat(line.snapshot()).containsExactly(places.get(1), places.get(3));
        assertThat(line.size()).isEqualTo(2);

        Place late = line.add(new RecordingSubscriber(FIRST));
        assertThat(line.snapshot()).as("a newcomer joins at the end").containsExactly(places.get(1), places.get(3), late);

        assertThat(line.remove(places.get(1))).isTrue();
        assertThat(line.remove(places.get(3))).isTrue();
        assertThat(line.remove(late)).isTrue();
        assertThat(line.isEmpty()).isTrue();
        assertThat(line.snapshot()).isEmpty();
        assertThat(line.add(new RecordingSubscriber(FIRST))).as("an emptied line takes newcomers again").isNotNull();
        assertThat(line.size()).isEqualTo(1);
    }

    @Test
    @DisplayName("a place leaves once: the second removal is refused and changes nothing")
    void leavesOnce() {
        ChannelWaiters line = new ChannelWaiters();
        Place first = line.add(new RecordingSubscriber(FIRST));
        Place second = line.add(new RecordingSubscriber(FIRST));

        assertThat(line.remove(first)).isTrue();
        assertThat(line.remove(first)).isFalse();
        assertThat(line.snapshot()).containsExactly(second);
        assertThat(line.size()).isEqualTo(1);
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
