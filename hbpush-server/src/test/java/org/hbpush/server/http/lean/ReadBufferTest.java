package org.hbpush.server.http.lean;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read buffer of a lean connection: reads go into the reading thread's scratch, and bytes left
 * unparsed become the connection's own before another thread can read or serve it.
 */
class ReadBufferTest {
    private static final int CAPACITY = 64;

    private final ArrayByteBufferPool.Tracking pool = new ArrayByteBufferPool.Tracking();

    @Test
    @DisplayName("bytes left unparsed when the reading thread lets go are read on another thread first, then the new ones")
    void unparsedBytesOutliveTheThread() throws Exception {
        ReadBuffer input = readBuffer();
        ByteArrayEndPoint endPoint = endPointWith("GET /a HT");

        assertThat(input.fillFrom(endPoint)).isEqualTo(9);
        input.keepUnparsed();

        endPoint.addInput("TP/1.1\r\n");
        String seenElsewhere = CompletableFuture.supplyAsync(() -> {
            try {
                input.fillFrom(endPoint);
                String unparsed = unparsed(input);
                input.consume(input.remaining());
                input.keepUnparsed();
                return unparsed;
            }
            catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).get(10, TimeUnit.SECONDS);

        assertThat(seenElsewhere).isEqualTo("GET /a HTTP/1.1\r\n");
        assertThat(input.isEmpty()).isTrue();
        assertThat(pool.getLeaks()).as("the connection's own buffer went back to the pool once parsed").isEmpty();
    }

    @Test
    @DisplayName("a request read and parsed whole on one thread leaves the connection holding no buffer")
    void wholeRequestHoldsNothing() throws Exception {
        ReadBuffer input = readBuffer();
        ByteArrayEndPoint endPoint = endPointWith("GET /b HTTP/1.1\r\n\r\n");

        input.fillFrom(endPoint);
        input.consume(input.remaining());
        input.keepUnparsed();

        assertThat(input.isEmpty()).isTrue();
        assertThat(input.takeRemaining()).isNull();
        assertThat(pool.getLeaks()).isEmpty();
    }

    @Test
    @DisplayName("a second connection read on the same thread while the first holds its scratch keeps its bytes apart")
    void nestedReadsKeepTheirBytesApart() throws Exception {
        ReadBuffer first = readBuffer();
        ReadBuffer second = readBuffer();
        ByteArrayEndPoint firstEnd = new ByteArrayEndPoint();
        ByteArrayEndPoint secondEnd = new ByteArrayEndPoint();
        firstEnd.addInput("first");
        secondEnd.addInput("second");

        first.fillFrom(firstEnd);
        second.fillFrom(secondEnd);

        assertThat(unparsed(first)).isEqualTo("first");
        assertThat(unparsed(second)).isEqualTo("second");
        second.keepUnparsed();
        first.keepUnparsed();
        assertThat(unparsed(first)).isEqualTo("first");
        assertThat(unparsed(second)).isEqualTo("second");

        first.release();
        second.release();
        assertThat(pool.getLeaks()).isEmpty();
    }

    @Test
    @DisplayName("reads stop at the capacity; the bytes beyond wait in the socket")
    void capacityBoundsTheRead() throws Exception {
        ReadBuffer input = readBuffer();
        ByteArrayEndPoint endPoint = endPointWith("x".repeat(CAPACITY + 10));

        assertThat(input.fillFrom(endPoint)).isEqualTo(CAPACITY);
        assertThat(input.isFull()).isTrue();
        assertThat(input.fillFrom(endPoint)).as("no room").isZero();

        input.consume(CAPACITY - 4);
        assertThat(input.fillFrom(endPoint)).as("room made by moving the unparsed bytes to the start").isEqualTo(10);
        assertThat(unparsed(input)).isEqualTo("x".repeat(14));
        input.release();
    }

    private ReadBuffer readBuffer() {
        return new ReadBuffer(pool, CAPACITY);
    }

    /** An end point whose reads give {@code bytes}, then nothing until more are added. */
    private static ByteArrayEndPoint endPointWith(String bytes) {
        ByteArrayEndPoint endPoint = new ByteArrayEndPoint();
        endPoint.addInput(bytes);
        return endPoint;
    }

    private static String unparsed(ReadBuffer input) {
        return new String(input.array(), input.start(), input.end() - input.start(), StandardCharsets.ISO_8859_1);
    }
}
