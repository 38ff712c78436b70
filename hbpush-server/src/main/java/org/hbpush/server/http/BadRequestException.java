package org.hbpush.server.http;

/**
 * A request the server cannot act on: bad headers, a bad channel id. Answered 400 with the
 * message as the one-line reason.
 */
public final class BadRequestException extends Exception {
    public BadRequestException(String reason) {
        super(reason);
    }
}
