package org.hbpush.server.http.lean;

import java.nio.ByteBuffer;

import org.eclipse.jetty.util.BufferUtil;

/**
 * One read buffer per thread, lent to one {@link ReadBuffer} at a time for the span of a read and
 * the parsing that follows it on that thread. The borrower is recorded by number, not by
 * reference, so lending writes no reference into any long-lived object.
 */
final class ReadScratch {
    private static final long NOBODY = 0;
    private static final ThreadLocal<ReadScratch> OF_THREAD = ThreadLocal.withInitial(ReadScratch::new);

    private long borrower = NOBODY;
    private byte[] array = new byte[0];
    // a view of the array as large as the borrower's capacity; in flush mode
    private ByteBuffer view = ByteBuffer.wrap(array);

    private ReadScratch() {
    }

    /** This thread's scratch, empty, lent to {@code borrower}; null when it is lent to another already. */
    static ByteBuffer borrow(long borrower, int capacity) {
        ReadScratch scratch = OF_THREAD.get();
        if (scratch.borrower != NOBODY) {
            return null;
        }
        if (scratch.view.capacity() != capacity) {
            if (scratch.array.length < capacity) {
                scratch.array = new byte[capacity];
            }
            scratch.view = ByteBuffer.wrap(scratch.array, 0, capacity).slice();
        }
        scratch.borrower = borrower;
        BufferUtil.clear(scratch.view);
        return scratch.view;
    }

    /** This thread's scratch if it is lent to {@code borrower}, else null. */
    static ByteBuffer lentTo(long borrower) {
        ReadScratch scratch = OF_THREAD.get();
        return scratch.borrower == borrower ? scratch.view : null;
    }

    /** Ends the loan of this thread's scratch to {@code borrower}; its bytes are dropped. */
    static void giveBack(long borrower) {
        ReadScratch scratch = OF_THREAD.get();
        if (scratch.borrower == borrower) {
            scratch.borrower = NOBODY;
            BufferUtil.clear(scratch.view);
        }
    }
}
