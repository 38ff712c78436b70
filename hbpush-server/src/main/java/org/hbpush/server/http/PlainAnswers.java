package org.hbpush.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.api.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Short plain-text answers: every error a client gets is its status and one line saying why.
 */
final class PlainAnswers {
    private static final Logger log = LoggerFactory.getLogger(PlainAnswers.class);
    static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    private PlainAnswers() {
    }

    static void text(Response response, Callback callback, int status, String contentType, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** Status {@code status} with {@code reason} as the body's only line. */
    static void error(Response response, Callback callback, int status, String reason) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        text(response, callback, status, TEXT_PLAIN, reason + "\n");
    }

    /** 503 with the store's reason when its backend is down, else 500 (logged, details kept in). */
    static void storeFailure(Response response, Callback callback, Throwable failure, String doing) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StoreUnavailableException unavailable) {
            log.debug("store unavailable while {}: {}", doing, unavailable.getMessage());
            error(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "the store is unavailable: " + unavailable.getMessage());
            return;
        }
        log.error("unexpected failure while {}", doing, cause);
        error(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, "internal server error while " + doing);
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
