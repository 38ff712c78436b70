package org.hbpush.server.http.lean;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;

import static java.util.Objects.requireNonNull;

/**
 * The head of a request of the lean subset.
 *
 * @param method     {@code GET}, {@code HEAD}, {@code POST}, {@code PUT} or {@code DELETE}
 * @param rawTarget  the target as the client sent it ({@code %00} included), for the channel id
 * @param uri        the target Jetty's handlers see: {@code http} scheme, the Host as authority, {@code %00} read as {@code %01}
 * @param fields     the header fields, in the order sent, known names in their canonical spelling
 * @param persistent false when the client asked to close the connection after the answer
 * @param contentLength the body's length as its {@code Content-Length} says, -1 when there is none (no body)
 */
record RequestHead(String method, String rawTarget, HttpURI uri, HttpFields fields, boolean persistent, long contentLength) {
    RequestHead {
        requireNonNull(method, "method is null");
        requireNonNull(rawTarget, "rawTarget is null");
        requireNonNull(uri, "uri is null");
        requireNonNull(fields, "fields is null");
        if (contentLength < -1) {
            throw new IllegalArgumentException("contentLength must be -1 or more: " + contentLength);
        }
    }

    /** The body's length in bytes, 0 when there is none. */
    int bodyLength() {
        // the connection serves only bodies that fit its buffer, so a larger one is never asked for
        return (int) Math.min(Math.max(contentLength, 0), Integer.MAX_VALUE);
    }
}
