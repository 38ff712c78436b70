package org.hbpush.server.http.lean;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseHeadWriterTest {
    private final ResponseHeadWriter writer = new ResponseHeadWriter();

    private static String text(ByteBuffer head) {
        byte[] bytes = new byte[head.remaining()];
        head.get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    @DisplayName("status line, fields in order, Content-Length, blank line")
    void contentLength() {
        HttpFields.Mutable fields = HttpFields.build()
                .add(new PreEncodedHttpField(HttpHeader.DATE, "Fri, 27 Nov 2026 18:00:00 GMT"))
                .add(HttpHeader.CONTENT_TYPE, "text/plain")
                .add("X-Id", "7");

        assertThat(text(writer.head(200, fields, ResponseHeadWriter.Framing.CONTENT_LENGTH, 12, false))).isEqualTo("""
                HTTP/1.1 200 OK\r
                Date: Fri, 27 Nov 2026 18:00:00 GMT\r
                Content-Type: text/plain\r
                X-Id: 7\r
                Content-Length: 12\r
                \r
                """);
    }

    @Test
    @DisplayName("chunked, Connection: close, and a status without body")
    void framing() {
        assertThat(text(writer.head(404, HttpFields.build(), ResponseHeadWriter.Framing.CHUNKED, 0, true)))
                .isEqualTo("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        assertThat(text(writer.head(304, HttpFields.build().add(HttpHeader.ETAG, "\"1\""), ResponseHeadWriter.Framing.AS_IS, 0, false)))
                .isEqualTo("HTTP/1.1 304 Not Modified\r\nETag: \"1\"\r\n\r\n");
    }

    @Test
    @DisplayName("as Jetty's HttpGenerator: characters above Latin-1 and controls but tab become spaces in values, dots in names")
    void sanitized() {
        HttpFields.Mutable fields = HttpFields.build()
                .add("X-Value", "caf\u00e9\t\u20ac\r\nX-Injected: 1\u0000")
                .add("X-\u20ac:\r\n\t", "v");

        assertThat(text(writer.head(200, fields, ResponseHeadWriter.Framing.AS_IS, 0, false)))
                .isEqualTo("HTTP/1.1 200 OK\r\nX-Value: caf\u00e9\t   X-Injected: 1 \r\nX-....\t: v\r\n\r\n");
    }

    @Test
    @DisplayName("known fields take the canonical name; the array grows for large heads")
    void canonicalAndLarge() {
        String large = "a".repeat(5000);
        HttpFields.Mutable fields = HttpFields.build().add(HttpHeader.CACHE_CONTROL, "no-cache").add("X-Large", large);

        assertThat(text(writer.head(599, fields, ResponseHeadWriter.Framing.AS_IS, 0, false)))
                .startsWith("HTTP/1.1 599 599\r\nCache-Control: no-cache\r\nX-Large: aaa").endsWith(large + "\r\n\r\n");
    }
}
