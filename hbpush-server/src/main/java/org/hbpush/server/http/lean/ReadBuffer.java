package org.hbpush.server.http.lean;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;

import static java.util.Objects.requireNonNull;

/**
 * The bytes a lean connection has read and not yet parsed. Not thread-safe: the connection's lock
 * guards it.
 *
 * <p>A read goes into a {@link ReadScratch} of the reading thread, lent to this connection until
 * {@link #keepUnparsed()}: a whole request read and parsed on one thread, the usual case, touches
 * no buffer of the connection's own. Bytes left unparsed when the thread lets go (a part of a
 * request, or a request pipelined behind a held poll) move into a buffer from the connector's pool,
 * which the connection keeps until they are parsed. So an idle connection or a held long poll
 * keeps no buffer, and a request stores no reference into this long-lived object: each such store
 * would dirty a card that G1 then has to scan again (see docs/performance.md).
 */
final class ReadBuffer {
    private static final AtomicLong IDS = new AtomicLong();

    private final ByteBufferPool pool;
    private final int capacity;
    // what a lent scratch records as its borrower: a number, so that lending stores no reference
    private final long id = IDS.incrementAndGet();
    // Only while unparsed bytes wait for a later read or another thread; in flush mode, as
    // EndPoint.fill wants it: the unparsed bytes are between position and limit.
    private RetainableByteBuffer pooled;
    private ByteBuffer owned;

    ReadBuffer(ByteBufferPool pool, int capacity) {
        this.pool = requireNonNull(pool, "pool is null");
        this.capacity = capacity;
    }

    /** The buffer holding this connection's unparsed bytes, seen from this thread; null when there is none. */
    private ByteBuffer bytes() {
        return owned != null ? owned : ReadScratch.lentTo(id);
    }

    /** Reads what there is room for: the bytes read, 0 when none (or no room), -1 at end of stream. */
    int fillFrom(EndPoint endPoint) throws IOException {
        ByteBuffer buffer = bytes();
        if (buffer == null) {
            buffer = ReadScratch.borrow(id, capacity);
        }
        if (buffer == null) {
            // the thread's scratch is lent to another connection further up this thread's stack
            buffer = acquireOwned();
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

    private ByteBuffer acquireOwned() {
        pooled = pool.acquire(capacity, false);
        // The pool may give more than asked; never read ahead more than the capacity (a hand-over's limit).
        ByteBuffer whole = pooled.getByteBuffer();
        owned = whole.clear().slice(0, Math.min(capacity, whole.capacity()));
        BufferUtil.clear(owned);
        return owned;
    }

    /**
     * Gives back the reading thread's scratch, first moving any unparsed bytes into a buffer of
     * this connection's own. Called before the connection can be read or served on another
     * thread: before it asks to be told of more bytes, and when its read is done.
     */
    void keepUnparsed() {
        ByteBuffer lent = ReadScratch.lentTo(id);
        if (lent == null) {
            return;
        }
        if (lent.hasRemaining()) {
            BufferUtil.append(acquireOwned(), lent);
        }
        ReadScratch.giveBack(id);
    }

    boolean isEmpty() {
        ByteBuffer buffer = bytes();
        return buffer == null || !buffer.hasRemaining();
    }

    /** True when no more bytes fit: the buffer is full of one unparsed request. */
    boolean isFull() {
        ByteBuffer buffer = bytes();
        return buffer != null && buffer.position() == 0 && buffer.limit() == buffer.capacity();
    }

    /** The most bytes the buffer holds. */
    int capacity() {
        return capacity;
    }

    /** The bytes read and not yet parsed. */
    int remaining() {
        ByteBuffer buffer = bytes();
        return buffer == null ? 0 : buffer.remaining();
    }

    /** A copy of {@code length} unparsed bytes that start {@code skip} bytes in; null when length is 0. */
    ByteBuffer copy(int skip, int length) {
        if (length == 0) {
            return null;
        }
        int from = start() + skip;
        return ByteBuffer.wrap(Arrays.copyOfRange(array(), from, from + length));
    }

    /** The array holding the unparsed bytes, from {@link #start()} to {@link #end()}; not to be called when empty. */
    byte[] array() {
        return bytes().array();
    }

    /** The array index of the first unparsed byte. */
    int start() {
        ByteBuffer buffer = bytes();
        return buffer.arrayOffset() + buffer.position();
    }

    /** The array index after the last byte read. */
    int end() {
        ByteBuffer buffer = bytes();
        return buffer.arrayOffset() + buffer.limit();
    }

    /** Marks {@code length} bytes as parsed; an own buffer is given back when nothing is left in it. */
    void consume(int length) {
        ByteBuffer buffer = bytes();
        buffer.position(buffer.position() + length);
        if (!buffer.hasRemaining()) {
            if (buffer == owned) {
                releaseOwned();
            }
            else {
                BufferUtil.clear(buffer);
            }
        }
    }

    /** The unparsed bytes in a buffer of their own (null when none), and every buffer given back. */
    ByteBuffer takeRemaining() {
        ByteBuffer copy = null;
        if (!isEmpty()) {
            ByteBuffer buffer = bytes();
            copy = BufferUtil.allocate(buffer.remaining());
            BufferUtil.append(copy, buffer);
        }
        release();
        return copy;
    }

    /** Drops the unparsed bytes: the own buffer back to the pool, the scratch back to its thread if lent here. */
    void release() {
        releaseOwned();
        ReadScratch.giveBack(id);
    }

    private void releaseOwned() {
        if (pooled != null) {
            pooled.release();
            pooled = null;
            owned = null;
        }
    }
}
