package org.hbpush.store.redis;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import org.hbpush.api.StoreUnavailableException;

import static java.util.Objects.requireNonNull;

/**
 * Turns Lettuce's failures into what the server shows: {@link StoreUnavailableException} with one
 * short line (503) when Redis cannot serve, and the failure as it is (500, logged) for a bug.
 * Reasons name the endpoint, never the URL or a password.
 */
final class Failures {
    // Redis errors that say the server cannot serve right now, not that the command is wrong.
    private static final Set<String> UNAVAILABLE_ERRORS = Set.of(
            "LOADING", "BUSY", "OOM", "READONLY", "MASTERDOWN", "NOAUTH", "WRONGPASS", "NOPERM", "MISCONF", "TRYAGAIN", "CLUSTERDOWN");

    private final String endpoint;
    private final Duration commandTimeout;

    Failures(String endpoint, Duration commandTimeout) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.commandTimeout = requireNonNull(commandTimeout, "commandTimeout is null");
    }

    /** What a stage of the store fails with, given the failure Lettuce reported. */
    Throwable translate(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof StoreUnavailableException) {
            return cause;
        }
        if (cause instanceof RedisCommandTimeoutException) {
            return new StoreUnavailableException(endpoint + " did not answer within " + describe(commandTimeout), cause);
        }
        if (cause instanceof RedisConnectionException) {
            return new StoreUnavailableException(endpoint + " is unreachable: " + rootMessage(cause), cause);
        }
        if (cause instanceof RedisCommandExecutionException) {
            String message = String.valueOf(cause.getMessage());
            String code = message.split(" ", 2)[0];
            if (UNAVAILABLE_ERRORS.contains(code)) {
                return new StoreUnavailableException(endpoint + " refused the command: " + firstLine(message), cause);
            }
            return cause;
        }
        if (cause instanceof RedisException || cause instanceof CancellationException) {
            // Not connected (commands are rejected while Lettuce reconnects), connection lost, or closed.
            return new StoreUnavailableException(endpoint + " is unreachable: " + firstLine(String.valueOf(cause.getMessage())), cause);
        }
        return cause;
    }

    /** A failure to report as unavailable whatever it is: a connection attempt that failed. */
    StoreUnavailableException unavailable(Throwable failure) {
        Throwable translated = translate(failure);
        if (translated instanceof StoreUnavailableException unavailable) {
            return unavailable;
        }
        return new StoreUnavailableException(endpoint + " is unreachable: " + rootMessage(translated), translated);
    }

    /** The failure of calls made after the store was closed. */
    StoreUnavailableException closed() {
        return new StoreUnavailableException("the redis store for " + endpoint + " is closed");
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return firstLine(message == null ? root.getClass().getSimpleName() : message);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
