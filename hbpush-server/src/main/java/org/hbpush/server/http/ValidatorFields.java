package org.hbpush.server.http;

import java.util.concurrent.atomic.AtomicReferenceArray;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.hbpush.api.MessageId;

/**
 * The {@code Etag} and {@code Last-Modified} fields of a plain subscriber's answer, which depend on
 * the message id alone: a message delivered to a crowd gets them built and encoded once, not once
 * per subscriber. A few recent ids are kept, each in the slot its hash picks (a newer id there
 * replaces the older), enough for the messages of several channels being delivered at once.
 */
final class ValidatorFields {
    /** A power of two. */
    private static final int SLOTS = 16;

    private final AtomicReferenceArray<Fields> slots = new AtomicReferenceArray<>(SLOTS);

    /** The fields for a plain subscriber whose position is {@code id}. */
    record Fields(MessageId id, HttpField etag, HttpField lastModified) {
    }

    Fields of(MessageId id) {
        int slot = id.hashCode() & (SLOTS - 1);
        Fields kept = slots.get(slot);
        if (kept != null && kept.id().equals(id)) {
            return kept;
        }
        Fields built = new Fields(id, new PreEncodedHttpField(HttpHeader.ETAG, Long.toString(id.tag())),
                new PreEncodedHttpField(HttpHeader.LAST_MODIFIED, HttpDates.format(id.time())));
        slots.set(slot, built);
        return built;
    }
}
