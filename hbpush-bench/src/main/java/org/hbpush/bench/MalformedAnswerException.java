package org.hbpush.bench;

import java.io.IOException;

/** The server's bytes are not an HTTP/1 answer the tool can read. */
final class MalformedAnswerException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedAnswerException(String message) {
        super(message);
    }
}
