package org.hbpush.store.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.hbpush.api.ChannelId;
import org.hbpush.api.MessageId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreEventTest {
    private static final ChannelId BINARY = ChannelId.of(new byte[] {'a', 0, '\n', ' ', (byte) 0xff});

    @Test
    void aPostCarriesItsMessage() {
        byte[] body = {0, '\n', ' ', (byte) 0xff, 'x'};
        String contentType = "text/plain; charset=\"a b\"";
        StoreEvent event = StoreEvent.decode(payload("p node-1 " + BINARY.toHex() + " 1700000000-3 1700000000-2 1 "
                + contentType.length() + "\n" + contentType, body));

        assertThat(event).isInstanceOfSatisfying(StoreEvent.Posted.class, posted -> {
            assertThat(posted.source()).isEqualTo("node-1");
            assertThat(posted.channel()).isEqualTo(BINARY);
            assertThat(posted.posted().id()).isEqualTo(new MessageId(1700000000, 3));
            assertThat(posted.posted().previousId()).isEqualTo(new MessageId(1700000000, 2));
            assertThat(posted.posted().stored()).isTrue();
            assertThat(posted.posted().message().orElseThrow().contentType()).isEqualTo(contentType);
            assertThat(posted.posted().message().orElseThrow().bodyBytes()).isEqualTo(body);
        });
    }

    @Test
    void theFirstMessageFollowsNothing() {
        StoreEvent event = StoreEvent.decode(payload("p n " + BINARY.toHex() + " 5-0 none 0 0\n", new byte[0]));
        assertThat(event).isInstanceOfSatisfying(StoreEvent.Posted.class, posted -> {
            assertThat(posted.posted().previousId()).isEqualTo(MessageId.BEFORE_ALL);
            assertThat(posted.posted().stored()).isFalse();
            assertThat(posted.posted().message().orElseThrow().bodyLength()).isZero();
        });
    }

    @Test
    void aDeleteNamesItsChannel() {
        assertThat(StoreEvent.decode(payload("d node-2 " + BINARY.toHex(), new byte[0])))
                .isEqualTo(new StoreEvent.Deleted("node-2", BINARY));
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> StoreEvent.decode("hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreEvent.decode(payload("p n 00 5-0 none 1 99\nshort", new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreEvent.decode(payload("d n zz", new byte[0])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] payload(String header, byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }
}
