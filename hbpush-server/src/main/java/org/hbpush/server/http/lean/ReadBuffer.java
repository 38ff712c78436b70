package org.hbpush.server.http.lean;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;

import static java.util.Objects.requireNonNull;

/**
 * The bytes a lean connection has read and not yet parsed, in a heap buffer from the connector's
 * pool. The buffer is taken on the first read and given back whenever it is empty, so an idle
 * connection or a held long poll keeps none. Not thread-safe: the connection's lock guards it.
 */
final class ReadBuffer {
    private final ByteBufferPool pool;
    private final int capacity;
    private RetainableByteBuffer pooled;
    // In flush mode, as EndPoint.fill wants it: the unparsed bytes are between position and limit.
    private ByteBuffer buffer;

    ReadBuffer(ByteBufferPool pool, int capacity) {
        this.pool = requireNonNull(pool, "pool is null");
        this.capacity = capacity;
    }

    /** Reads what there is room for: the bytes read, 0 when none (or no room), -1 at end of stream. */
    int fillFrom(EndPoint endPoint) throws IOException {
        if (buffer == null) {
            pooled = pool.acquire(capacity, false);
            // The pool may give more than asked; never read ahead more than the capacity (a hand-over's limit).
            ByteBuffer whole = pooled.getByteBuffer();
            buffer = whole.clear().slice(0, Math.min(capacity, whole.capacity()));
            BufferUtil.clear(buffer);
        }
        if (buffer.limit() == buffer.capacity()) {
            if (buffer.position() == 0) {
                return 0;
            }
            // fill appends after the limit: make room by moving the unparsed bytes to the start
            buffer.compact().flip();
        }
        return endPoint.fill(buffer);
    }

    boolean isEmpty() {
        return buffer == null || !buffer.hasRemaining();
    }

    /** True when no more bytes fit: the buffer is full of one unparsed request. */
    boolean isFull() {
        return buffer != null && buffer.position() == 0 && buffer.limit() == buffer.capacity();
    }

    /** The most bytes the buffer holds. */
    int capacity() {
        return capacity;
    }

    /** The bytes read and not yet parsed. */
    int remaining() {
        return buffer == null ? 0 : buffer.remaining();
    }

    /** A copy of {@code length} unparsed bytes that start {@code skip} bytes in; null when length is 0. */
    ByteBuffer copy(int skip, int length) {
        if (length == 0) {
            return null;
        }
        int from = start() + skip;
        return ByteBuffer.wrap(Arrays.copyOfRange(buffer.array(), from, from + length));
    }

    byte[] array() {
        return buffer.array();
    }

    /** The array index of the first unparsed byte. */
    int start() {
        return buffer.arrayOffset() + buffer.position();
    }

    /** The array index after the last byte read. */
    int end() {
        return buffer.arrayOffset() + buffer.limit();
    }

    /** Marks {@code length} bytes as parsed, and gives the buffer back when nothing is left. */
    void consume(int length) {
        buffer.position(buffer.position() + length);
        if (!buffer.hasRemaining()) {
            release();
        }
    }

    /** The unparsed bytes in a buffer of their own (null when none), and the pooled one given back. */
    ByteBuffer takeRemaining() {
        ByteBuffer copy = null;
        if (!isEmpty()) {
            copy = BufferUtil.allocate(buffer.remaining());
            BufferUtil.append(copy, buffer);
        }
        release();
        return copy;
    }

    void release() {
        if (pooled != null) {
            pooled.release();
            pooled = null;
            buffer = null;
        }
    }
}
