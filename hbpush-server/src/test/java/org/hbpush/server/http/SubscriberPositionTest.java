package org.hbpush.server.http;

import java.util.List;

import org.hbpush.api.ChannelId;
import org.hbpush.api.MessageId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriberPositionTest {
    private static final ChannelId NEWS = ChannelId.of("news");
    private static final ChannelId SPORT = ChannelId.of("sport");

    @Test
    @DisplayName("a plain position is one channel and its last message; its Etag is the bare tag")
    void single() {
        SubscriberPosition position = SubscriberPosition.single(NEWS, new MessageId(1795747130, 4));

        assertThat(position.isMultiplexed()).isFalse();
        assertThat(position.channelCount()).isEqualTo(1);
        assertThat(position.channel(0)).isEqualTo(NEWS);
        assertThat(position.lastMessage(0)).isEqualTo(new MessageId(1795747130, 4));
        assertThat(position.etag()).isEqualTo("4");
        assertThat(position.newestTime()).isEqualTo(1795747130);
        assertThat(position.hasNothing()).isFalse();
        assertThatThrownBy(() -> position.channel(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    @DisplayName("a plain position moves to the delivered message and leaves the one it came from as it was")
    void singleAfter() {
        SubscriberPosition before = SubscriberPosition.single(NEWS, MessageId.BEFORE_ALL);

        SubscriberPosition after = before.after(0, new MessageId(1795747131, 0));

        assertThat(after.isMultiplexed()).isFalse();
        assertThat(after.channel(0)).isEqualTo(NEWS);
        assertThat(after.etag()).isEqualTo("0");
        assertThat(after.newestTime()).isEqualTo(1795747131);
        assertThat(before.hasNothing()).isTrue();
        assertThat(before.etag()).isEqualTo("-1");
    }

    @Test
    @DisplayName("a multiplexed position keeps one last message per channel in one compound Etag")
    void multiplexed() {
        SubscriberPosition before = SubscriberPosition.multiplexed(List.of(NEWS, SPORT),
                List.of(new MessageId(1795747130, 0), MessageId.BEFORE_ALL));

        SubscriberPosition after = before.after(1, new MessageId(1795747133, 2));

        assertThat(before.isMultiplexed()).isTrue();
        assertThat(before.channelCount()).isEqualTo(2);
        assertThat(before.etag()).isEqualTo("\"1795747130:0;-\"");
        assertThat(before.hasNothing()).isFalse();
        assertThat(after.isMultiplexed()).isTrue();
        assertThat(after.channel(1)).isEqualTo(SPORT);
        assertThat(after.etag()).isEqualTo("\"1795747130:0;1795747133:2\"");
        assertThat(after.newestTime()).isEqualTo(1795747133);
    }

    @Test
    @DisplayName("a multiplexed position needs one last message per channel")
    void multiplexedNeedsOneIdPerChannel() {
        assertThatThrownBy(() -> SubscriberPosition.multiplexed(List.of(NEWS, SPORT), List.of(MessageId.BEFORE_ALL)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubscriberPosition.multiplexed(List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
