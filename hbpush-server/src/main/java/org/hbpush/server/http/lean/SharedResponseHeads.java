package org.hbpush.server.http.lean;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

import static java.util.Objects.requireNonNull;

/**
 * The response heads encoded lately, shared by the lean connections of a connector. When a message
 * goes to a crowd of held polls, every answer has the same status and fields (the cached
 * {@code Date}, the message's {@code Content-Type} and validators, {@code Vary},
 * {@code Cache-Control}) and the same length: the head is encoded once and its bytes are written
 * to every subscriber.
 *
 * <p>A head is found again by equal status, framing and fields (same class, header, name and
 * value, in the same order); a miss encodes it with {@link ResponseHeadWriter} and takes the slot
 * its hash falls in. An array once made is never written into, so connections on any thread may
 * write it at the same time.
 */
final class SharedResponseHeads {
    /** Heads kept: a power of two; a few publishers' crowds at a time, and what misses costs little. */
    private static final int SLOTS = 64;

    private final ResponseHeadWriter writer = new ResponseHeadWriter();
    private final AtomicReferenceArray<EncodedHead> slots = new AtomicReferenceArray<>(SLOTS);

    /** The head, in a buffer of its own over bytes that may be shared; see {@link ResponseHeadWriter#head}. */
    ByteBuffer head(int status, HttpFields fields, ResponseHeadWriter.Framing framing, long contentLength, boolean connectionClose) {
        requireNonNull(fields, "fields is null");
        requireNonNull(framing, "framing is null");
        int hash = hash(status, fields, framing, contentLength, connectionClose);
        int slot = hash & (SLOTS - 1);
        EncodedHead known = slots.get(slot);
        if (known == null || !known.matches(hash, status, fields, framing, contentLength, connectionClose)) {
            ByteBuffer encoded = writer.head(status, fields, framing, contentLength, connectionClose);
            known = new EncodedHead(hash, status, copy(fields), framing, contentLength, connectionClose, encoded.array(), encoded.limit());
            // racing writers of one slot may each put theirs: either is right
            slots.set(slot, known);
        }
        return ByteBuffer.wrap(known.bytes, 0, known.length);
    }

    private static int hash(int status, HttpFields fields, ResponseHeadWriter.Framing framing, long contentLength, boolean connectionClose) {
        int hash = status;
        hash = 31 * hash + framing.ordinal();
        hash = 31 * hash + Long.hashCode(contentLength);
        hash = 31 * hash + (connectionClose ? 1 : 0);
        for (int index = 0, size = fields.size(); index < size; index++) {
            // String caches its hash: after the first answer this is a field read per field
            hash = 31 * hash + Objects.hashCode(fields.getField(index).getValue());
        }
        // spread the high bits into the slot index
        return hash ^ (hash >>> 16);
    }

    private static HttpField[] copy(HttpFields fields) {
        HttpField[] copy = new HttpField[fields.size()];
        for (int index = 0; index < copy.length; index++) {
            copy[index] = fields.getField(index);
        }
        return copy;
    }

    /** A head as encoded, with what it was encoded from. */
    private record EncodedHead(int hash, int status, HttpField[] fields, ResponseHeadWriter.Framing framing,
                               long contentLength, boolean connectionClose, byte[] bytes, int length) {
        boolean matches(int otherHash, int otherStatus, HttpFields otherFields, ResponseHeadWriter.Framing otherFraming,
                        long otherContentLength, boolean otherConnectionClose) {
            if (hash != otherHash || status != otherStatus || framing != otherFraming || contentLength != otherContentLength
                    || connectionClose != otherConnectionClose || fields.length != otherFields.size()) {
                return false;
            }
            for (int index = 0; index < fields.length; index++) {
                if (!sameEncoding(fields[index], otherFields.getField(index))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Fields that the writer encodes alike. Stricter than HttpField.equals, which ignores the
         * case of names: an unknown name is written as it is spelt.
         */
        private static boolean sameEncoding(HttpField one, HttpField other) {
            return one == other || one.getClass() == other.getClass()
                    && one.getHeader() == other.getHeader()
                    && one.getName().equals(other.getName())
                    && Objects.equals(one.getValue(), other.getValue());
        }
    }
}
