package org.hbpush.server.http.lean;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;

import static java.util.Objects.requireNonNull;

/**
 * The head of a GET or HEAD request of the lean subset.
 *
 * @param method     {@code GET} or {@code HEAD}
 * @param rawTarget  the target as the client sent it ({@code %00} included), for the channel id
 * @param uri        the target Jetty's handlers see: {@code http} scheme, the Host as authority, {@code %00} read as {@code %01}
 * @param fields     the header fields, in the order sent, known names in their canonical spelling
 * @param persistent false when the client asked to close the connection after the answer
 */
record RequestHead(String method, String rawTarget, HttpURI uri, HttpFields fields, boolean persistent) {
    RequestHead {
        requireNonNull(method, "method is null");
        requireNonNull(rawTarget, "rawTarget is null");
        requireNonNull(uri, "uri is null");
        requireNonNull(fields, "fields is null");
    }
}
