package org.hbpush.bench;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One HTTP/1.1 request as the bytes the tool writes, for the server it is meant for.
 *
 * @param endpoint the server it goes to (its {@code Host} is in the bytes)
 * @param method the method, for descriptions
 * @param target the request target (path and query), for descriptions
 * @param bytes the head and body, ready to write
 */
record WireRequest(Endpoint endpoint, String method, String target, byte[] bytes) {
    private static final String USER_AGENT = "hbpush-bench";

    WireRequest {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(method, "method is null");
        requireNonNull(target, "target is null");
        requireNonNull(bytes, "bytes is null");
    }

    /**
     * A GET, with {@code If-Modified-Since} and {@code If-None-Match} when {@code validators} are
     * given. No {@code Accept-Encoding}: both servers answer as they would to a plain client.
     */
    static WireRequest get(Endpoint endpoint, String target, Optional<Validators> validators) {
        StringBuilder head = startHead(endpoint, "GET", target);
        validators.ifPresent(known -> head.append("If-Modified-Since: ").append(known.lastModified()).append("\r\n")
                .append("If-None-Match: ").append(known.etag()).append("\r\n"));
        return new WireRequest(endpoint, "GET", target, head.append("\r\n").toString().getBytes(ISO_8859_1));
    }

    /** A request with a body of {@code contentType} (a PUT or POST), or none when {@code body} is empty. */
    static WireRequest withBody(Endpoint endpoint, String method, String target, String contentType, byte[] body) {
        StringBuilder head = startHead(endpoint, method, target);
        if (body.length > 0) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        byte[] headBytes = head.append("Content-Length: ").append(body.length).append("\r\n\r\n").toString().getBytes(ISO_8859_1);
        byte[] bytes = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
        System.arraycopy(body, 0, bytes, headBytes.length, body.length);
        return new WireRequest(endpoint, method, target, bytes);
    }

    /** "METHOD target", as the tool names a request in its messages. */
    String description() {
        return method + " " + target;
    }

    private static StringBuilder startHead(Endpoint endpoint, String method, String target) {
        return new StringBuilder(192).append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(endpoint.host()).append("\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n");
    }
}
