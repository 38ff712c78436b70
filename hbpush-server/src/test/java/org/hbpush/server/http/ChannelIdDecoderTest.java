package org.hbpush.server.http;

import java.nio.charset.StandardCharsets;

import org.hbpush.api.ChannelId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelIdDecoderTest {
    @Test
    void escapesBecomeBytesAndEverythingElseItsUtf8() throws BadRequestException {
        assertThat(ChannelIdDecoder.decode("abc%20%C3%A9%0Afg%09hi%00po"))
                .isEqualTo(ChannelId.of("abc é\nfg\thi\0po"));
        assertThat(ChannelIdDecoder.decode("a%2Fb").bytes()).isEqualTo("a/b".getBytes(StandardCharsets.US_ASCII));
        assertThat(ChannelIdDecoder.decode("plus+stays")).isEqualTo(ChannelId.of("plus+stays"));
        assertThat(ChannelIdDecoder.decode("%ff").bytes()).containsExactly((byte) 0xff);
        assertThat(ChannelIdDecoder.decode("é")).isEqualTo(ChannelId.of("é"));
        assertThat(ChannelIdDecoder.decode("\uD83D\uDE00")).isEqualTo(ChannelId.of("\uD83D\uDE00"));
        assertThat(ChannelIdDecoder.decode("é%20\uD83D\uDE00x%25")).isEqualTo(ChannelId.of("é \uD83D\uDE00x%"));
    }

    @Test
    void badEscapesAndEmptyIdsAreBadRequests() {
        assertThatThrownBy(() -> ChannelIdDecoder.decode("ab%4")).isInstanceOf(BadRequestException.class)
                .hasMessage("the channel id has a bad percent-escape \"%4\"; use %XX with two hex digits");
        assertThatThrownBy(() -> ChannelIdDecoder.decode("ab%zz")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> ChannelIdDecoder.decode("%")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> ChannelIdDecoder.decode("")).isInstanceOf(BadRequestException.class)
                .hasMessage("the channel id is empty");
    }
}
