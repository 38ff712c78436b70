package org.hbpush.bench;

/** A run that could not go on: the server is unreachable, refused the setup, or the bound struck. */
final class BenchException extends Exception {
    BenchException(String message) {
        super(message);
    }

    BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
