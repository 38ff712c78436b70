package org.hbpush.store.postgresql;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.hbpush.api.StoreUnavailableException;

import static java.util.Objects.requireNonNull;

/**
 * Turns JDBC failures into what the server shows: a {@link StoreUnavailableException} with one
 * short line (503), naming where the store connects and what went wrong, never a password.
 *
 * <p>Every {@link SQLException} counts as the backend's failure: a connection refused, a timeout,
 * a server shutting down, but also a table dropped by hand. Only exceptions that are not SQL
 * (bugs) pass through and give 500.
 */
final class Failures {
    private static final int MAX_REASON = 200;

    private final String target;

    /** @param target where the store connects, as {@link PostgresqlSettings#target()} says it */
    Failures(String target) {
        this.target = requireNonNull(target, "target is null");
    }

    /** The exception the stage completes with. */
    RuntimeException translate(Throwable failure) {
        requireNonNull(failure, "failure is null");
        if (failure instanceof StoreUnavailableException unavailable) {
            return unavailable;
        }
        if (failure instanceof SQLException) {
            String what = isConnectionFailure(failure) ? " is unreachable: " : " failed: ";
            return new StoreUnavailableException(target + what + reason(failure), failure);
        }
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException(failure);
    }

    /** A failure of the store itself, not of an SQL statement. */
    StoreUnavailableException unavailable(String reason, Throwable cause) {
        return new StoreUnavailableException(target + ": " + reason, cause);
    }

    /**
     * True for failures that say the server cannot be reached or is going away, as opposed to a
     * statement that failed on a working server: they make the store fail fast for a moment.
     */
    static boolean isConnectionFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exceptions; 57P01-03: shutting down, crashed, not yet accepting.
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first line of the innermost message: pgjdbc's own words, not the pool's wrapping. */
    static String reason(Throwable failure) {
        String message = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        if (message == null) {
            return failure.getClass().getSimpleName();
        }
        String line = message.strip().lines().findFirst().orElse(message).strip();
        if (line.startsWith("ERROR: ") || line.startsWith("FATAL: ")) {
            line = line.substring(7);
        }
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "...";
    }
}
