package org.hbpush.server.http.lean;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedResponseHeadsTest {
    private static final HttpField DATE = new PreEncodedHttpField(HttpHeader.DATE, "Fri, 27 Nov 2026 18:00:00 GMT");
    private static final ResponseHeadWriter.Framing LENGTH = ResponseHeadWriter.Framing.CONTENT_LENGTH;

    private final SharedResponseHeads heads = new SharedResponseHeads();

    private static String text(ByteBuffer head) {
        byte[] bytes = new byte[head.remaining()];
        head.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static HttpFields.Mutable answer(String etag) {
        // new field objects each time, as each answer makes its own
        return HttpFields.build().add(DATE).add(HttpHeader.CONTENT_TYPE, "text/plain").add(HttpHeader.ETAG, etag);
    }

    @Test
    @DisplayName("answers with equal fields get one encoding, each in a buffer of its own")
    void crowdSharesOneHead() {
        ByteBuffer first = heads.head(200, answer("1"), LENGTH, 5, false);
        ByteBuffer second = heads.head(200, answer("1"), LENGTH, 5, false);

        assertThat(second.array()).isSameAs(first.array());
        assertThat(second).isNotSameAs(first);
        first.position(first.limit());
        assertThat(text(second)).isEqualTo("HTTP/1.1 200 OK\r\nDate: Fri, 27 Nov 2026 18:00:00 GMT\r\n"
                + "Content-Type: text/plain\r\nETag: 1\r\nContent-Length: 5\r\n\r\n");
    }

    @Test
    @DisplayName("a field, status, length or framing that differs gets a head of its own")
    void differencesAreEncoded() {
        String plain = text(heads.head(200, answer("1"), LENGTH, 5, false));

        assertThat(text(heads.head(200, answer("2"), LENGTH, 5, false))).isEqualTo(plain.replace("ETag: 1", "ETag: 2"));
        assertThat(text(heads.head(200, answer("1"), LENGTH, 6, false))).isEqualTo(plain.replace("Length: 5", "Length: 6"));
        assertThat(text(heads.head(404, answer("1"), LENGTH, 5, false))).startsWith("HTTP/1.1 404 Not Found\r\n");
        assertThat(text(heads.head(200, answer("1"), LENGTH, 5, true))).endsWith("Connection: close\r\n\r\n");
        assertThat(text(heads.head(200, answer("1"), ResponseHeadWriter.Framing.AS_IS, 5, false))).doesNotContain("Content-Length");
        assertThat(text(heads.head(200, answer("1").add("X-More", "1"), LENGTH, 5, false))).contains("X-More: 1\r\n");
        assertThat(text(heads.head(200, answer("1"), LENGTH, 5, false))).isEqualTo(plain);
    }

    @Test
    @DisplayName("an unknown name is written as spelt: names differing in case are not taken for one another")
    void nameCaseMatters() {
        heads.head(200, HttpFields.build().add("X-Trace", "a"), ResponseHeadWriter.Framing.AS_IS, 0, false);

        assertThat(text(heads.head(200, HttpFields.build().add("x-trace", "a"), ResponseHeadWriter.Framing.AS_IS, 0, false)))
                .contains("x-trace: a\r\n");
    }

    @Test
    @DisplayName("connections on several threads at once, some sharing heads, each get their own answer's head")
    void concurrentConnections() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int offset = thread;
                done.add(pool.submit(() -> {
                    for (int index = 0; index < 20_000; index++) {
                        // two threads in four share each tag; slots are taken over all the time
                        int tag = (index + offset % 2) % 300;
                        assertThat(text(heads.head(200, answer(Integer.toString(tag)), LENGTH, tag, false)))
                                .contains("ETag: " + tag + "\r\nContent-Length: " + tag + "\r\n");
                    }
                }));
            }
            for (Future<?> each : done) {
                each.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("many different heads in turn: each answer still gets its own fields")
    void manyHeads() {
        for (int round = 0; round < 3; round++) {
            for (int tag = 0; tag < 500; tag++) {
                assertThat(text(heads.head(200, answer(Integer.toString(tag)), LENGTH, tag, false)))
                        .contains("ETag: " + tag + "\r\n")
                        .contains("Content-Length: " + tag + "\r\n");
            }
        }
    }
}
