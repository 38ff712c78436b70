package org.hbpush.api;

/**
 * The store's backend cannot be reached or did not answer in time. The client gets
 * 503 Service Unavailable with this exception's message as the reason, so write one short line an
 * operator understands ("redis at localhost:6379 is unreachable: connection refused") and keep
 * secrets out of it.
 */
public class StoreUnavailableException extends StoreException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
