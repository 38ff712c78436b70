package org.hbpush.api;

/**
 * A failure that a store reports on purpose. The subclasses say what the server should do.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
