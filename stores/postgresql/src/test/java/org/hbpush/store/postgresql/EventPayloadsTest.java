package org.hbpush.store.postgresql;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.hbpush.api.ChannelId;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.PostedMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventPayloadsTest {
    private static final ChannelId BINARY = ChannelId.of(new byte[] {'a', ' ', 0, '\n', (byte) 0xff});
    private static final MessageId PREVIOUS = new MessageId(1_700_000_000, 3);
    private static final MessageId ID = new MessageId(1_700_000_000, 4);

    @Test
    void aPostWithItsMessageComesBackAsSent() {
        Message message = new Message(ID, "text/plain; charset=\"utf 8\"", ByteBuffer.wrap("héllo wörld".getBytes(StandardCharsets.UTF_8)));
        PostedMessage posted = PostedMessage.stored(message, PREVIOUS);
        String payload = EventPayloads.posted("origin1", BINARY, posted, true);

        assertThat(payload).as("ASCII only, so characters are bytes").matches("\\p{ASCII}*");
        assertThat(EventPayloads.decode(payload)).isEqualTo(new StoreEvent.Posted("origin1", BINARY, posted));
    }

    @Test
    void anEmptyBodyAndAnEmptyContentTypeSurvive() {
        Message message = new Message(ID, "", ByteBuffer.allocate(0));
        PostedMessage posted = new PostedMessage(ID, MessageId.BEFORE_ALL, Optional.of(message), false);
        assertThat(EventPayloads.decode(EventPayloads.posted("o", BINARY, posted, true)))
                .isEqualTo(new StoreEvent.Posted("o", BINARY, posted));
    }

    @Test
    void aPostWithoutItsMessageTellsTheIdsOnly() {
        Message message = new Message(ID, "text/plain", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        StoreEvent decoded = EventPayloads.decode(EventPayloads.posted("o", BINARY, PostedMessage.stored(message, PREVIOUS), false));
        assertThat(decoded).isEqualTo(new StoreEvent.Posted("o", BINARY, new PostedMessage(ID, PREVIOUS, Optional.empty(), true)));
    }

    @Test
    void deletesAndRelaysComeBackAsSent() {
        assertThat(EventPayloads.decode(EventPayloads.deleted("o", BINARY))).isEqualTo(new StoreEvent.Deleted("o", BINARY));
        assertThat(EventPayloads.decode(EventPayloads.relayed("o", 42))).isEqualTo(new StoreEvent.Relayed("o", 42));
    }

    @Test
    void aLargeMessageDoesNotFitInOnePayload() {
        Message large = new Message(ID, "application/octet-stream", ByteBuffer.allocate(6000));
        assertThat(EventPayloads.fits(EventPayloads.posted("o", BINARY, PostedMessage.stored(large, PREVIOUS), true)))
                .as("NOTIFY payloads stay under 8000 bytes")
                .isFalse();
        assertThat(EventPayloads.fits(EventPayloads.posted("o", BINARY, PostedMessage.stored(large, PREVIOUS), false))).isTrue();
    }

    @Test
    void aForeignPayloadIsRefused() {
        assertThatThrownBy(() -> EventPayloads.decode("hello")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> EventPayloads.decode("P o !!! 1 2 3 4 1")).isInstanceOf(IllegalArgumentException.class);
    }
}
