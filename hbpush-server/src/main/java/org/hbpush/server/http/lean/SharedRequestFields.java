package org.hbpush.server.http.lean;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.eclipse.jetty.http.HttpField;

import static java.util.Objects.requireNonNull;

/**
 * Request header fields seen lately, shared by the lean connections of a connector, found again by
 * the exact bytes of their line. The polls of a crowd send the same lines ({@code Host},
 * {@code User-Agent}, {@code Accept-Encoding}, and the validators of the message they all got):
 * one immutable {@link HttpField} then serves them all, with no String made per request. Jetty's
 * own parser keeps a cache of this kind per connection.
 *
 * <p>Only lines that were read and accepted are remembered, so a line found here needs no checking
 * of its bytes again; what depends on the request (a second {@code Host}, say) is still checked by
 * the parser. A miss takes the slot its hash falls in.
 */
final class SharedRequestFields {
    /** Lines kept: a power of two. */
    private static final int SLOTS = 256;
    /** Longer lines (cookies, tokens) are rarely shared and would make the cache costly. */
    static final int MAX_LINE = 128;

    private final AtomicReferenceArray<KnownField> slots = new AtomicReferenceArray<>(SLOTS);

    /** The field of the line {@code bytes[from..to)} when it was seen lately; else null. */
    HttpField find(byte[] bytes, int from, int to) {
        if (to - from > MAX_LINE) {
            return null;
        }
        KnownField known = slots.get(slot(bytes, from, to));
        return known != null && Arrays.equals(known.line, 0, known.line.length, bytes, from, to) ? known.field : null;
    }

    /** Remembers the field read from the accepted line {@code bytes[from..to)}. */
    void remember(byte[] bytes, int from, int to, HttpField field) {
        requireNonNull(field, "field is null");
        if (to - from > MAX_LINE) {
            return;
        }
        slots.set(slot(bytes, from, to), new KnownField(Arrays.copyOfRange(bytes, from, to), field));
    }

    private static int slot(byte[] bytes, int from, int to) {
        int hash = to - from;
        for (int index = from; index < to; index++) {
            hash = 31 * hash + bytes[index];
        }
        return (hash ^ (hash >>> 16)) & (SLOTS - 1);
    }

    /** A line as received and the field read from it; neither changes once made. */
    private record KnownField(byte[] line, HttpField field) {
    }
}
