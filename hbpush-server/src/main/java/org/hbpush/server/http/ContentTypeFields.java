package org.hbpush.server.http;

import java.util.concurrent.atomic.AtomicReferenceArray;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

import static java.util.Objects.requireNonNull;

/**
 * The {@code Content-Type} field of message answers: a message delivered to a crowd gets one field
 * object, not one per subscriber. A few recent types are kept, each in the slot its hash picks (a
 * newer type there replaces the older). The fields are plain, not pre-encoded: a type comes from a
 * publisher, and the connection's encoder is what keeps a value from breaking the head.
 */
final class ContentTypeFields {
    /** A power of two. */
    private static final int SLOTS = 16;

    private final AtomicReferenceArray<HttpField> slots = new AtomicReferenceArray<>(SLOTS);

    HttpField of(String contentType) {
        requireNonNull(contentType, "contentType is null");
        int slot = contentType.hashCode() & (SLOTS - 1);
        HttpField kept = slots.get(slot);
        if (kept != null && kept.getValue().equals(contentType)) {
            return kept;
        }
        HttpField built = new HttpField(HttpHeader.CONTENT_TYPE, contentType);
        slots.set(slot, built);
        return built;
    }
}
