package org.hbpush.store.postgresql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.hbpush.api.StoreUnavailableException;
import org.slf4j.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Runs JDBC work off the caller's thread: a fixed set of threads, as many as the pool has
 * connections, each call one transaction on a pooled connection. The caller gets a future at once;
 * it completes exactly once, with the work's answer or with the failure translated by
 * {@link Failures} (503 for anything SQL).
 *
 * <p>The queue is bounded: when PostgreSQL is too slow for the load, calls fail at once rather than
 * piling up without end. While PostgreSQL is known to be down, {@link Availability} fails calls
 * before they take a thread.
 */
final class JdbcExecutor implements AutoCloseable {
    /** A unit of work on a connection whose transaction the executor commits or rolls back. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final int QUEUE_CAPACITY = 10_000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final DataSource pool;
    private final Failures failures;
    private final Availability availability;
    private final ThreadPoolExecutor threads;
    private final Logger log;
    private volatile boolean closed;

    JdbcExecutor(DataSource pool, int threadCount, String storeName, Failures failures, Availability availability, Logger log) {
        this.pool = requireNonNull(pool, "pool is null");
        requireNonNull(storeName, "storeName is null");
        this.failures = requireNonNull(failures, "failures is null");
        this.availability = requireNonNull(availability, "availability is null");
        this.log = requireNonNull(log, "log is null");
        ClassLoader pluginLoader = JdbcExecutor.class.getClassLoader();
        this.threads = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), task -> {
                    Thread thread = new Thread(task, "hbpush-postgresql-" + storeName + "-" + THREADS.incrementAndGet());
                    thread.setDaemon(true);
                    // pgjdbc and HikariCP look up classes and resources through it.
                    thread.setContextClassLoader(pluginLoader);
                    return thread;
                });
    }

    /** Runs {@code work} in a transaction of its own; {@code action} names it in debug logs. */
    <T> CompletableFuture<T> call(String action, Work<T> work) {
        return submit(action, work, false);
    }

    /**
     * Runs {@code work}, which is one statement, on its own (autocommit): the statement is its
     * own transaction, and the COMMIT's round trip is saved. For the reads that every held long
     * poll makes.
     */
    <T> CompletableFuture<T> callOneStatement(String action, Work<T> work) {
        return submit(action, work, true);
    }

    private <T> CompletableFuture<T> submit(String action, Work<T> work, boolean oneStatement) {
        requireNonNull(action, "action is null");
        requireNonNull(work, "work is null");
        if (closed) {
            return CompletableFuture.failedFuture(closedFailure());
        }
        Optional<StoreUnavailableException> refusal = availability.refusal();
        if (refusal.isPresent()) {
            return CompletableFuture.failedFuture(refusal.get());
        }
        Task<T> task = new Task<>(action, work, oneStatement, availability.outages());
        try {
            threads.execute(task);
        }
        catch (RejectedExecutionException e) {
            task.future.completeExceptionally(closed
                    ? closedFailure()
                    : failures.unavailable("too many requests are waiting for PostgreSQL (" + QUEUE_CAPACITY + ")", e));
        }
        return task.future;
    }

    /** Lets running work finish for up to {@code grace}, fails what is still queued, stops the threads. */
    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }

    void close(Duration grace) {
        closed = true;
        threads.shutdown();
        try {
            threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Runnable> queued = threads.shutdownNow();
        for (Runnable runnable : queued) {
            if (runnable instanceof Task<?> task) {
                task.future.completeExceptionally(closedFailure());
            }
        }
    }

    /** An SQL failure before the commit: the transaction did not happen. */
    private static final class UncommittedFailure extends Exception {
        UncommittedFailure(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private static StoreUnavailableException closedFailure() {
        return new StoreUnavailableException("the postgresql store is closed");
    }

    private final class Task<T> implements Runnable {
        private final String action;
        private final Work<T> work;
        private final boolean oneStatement;
        private final long outagesAtAdmission;
        private final CompletableFuture<T> future = new CompletableFuture<>();

        Task(String action, Work<T> work, boolean oneStatement, long outagesAtAdmission) {
            this.action = action;
            this.work = work;
            this.oneStatement = oneStatement;
            this.outagesAtAdmission = outagesAtAdmission;
        }

        @Override
        public void run() {
            if (closed) {
                future.completeExceptionally(closedFailure());
                return;
            }
            // Queued while PostgreSQL went down: fail as fast as a new call would.
            Optional<StoreUnavailableException> refusal = availability.refusalSince(outagesAtAdmission);
            if (refusal.isPresent()) {
                future.completeExceptionally(refusal.get());
                return;
            }
            T value;
            try {
                value = runInTransaction();
            }
            catch (SQLException | RuntimeException | Error e) {
                RuntimeException translated = failures.translate(e);
                if (translated instanceof StoreUnavailableException unavailable && Failures.isConnectionFailure(e)) {
                    availability.connectionFailed(unavailable);
                }
                log.debug("{} failed: {}", action, translated.toString());
                future.completeExceptionally(translated);
                return;
            }
            availability.succeeded();
            future.complete(value);
        }

        /**
         * Runs the work; once more on another connection when the first one turns out dead before
         * the commit (a pooled connection that outlived a PostgreSQL restart): nothing was
         * committed then, so trying again cannot do the work twice. A failure during the commit is
         * never retried, since the commit may have happened.
         */
        private T runInTransaction() throws SQLException {
            try {
                return runOnce();
            }
            catch (UncommittedFailure e) {
                if (!Failures.isConnectionFailure(e.getCause())) {
                    throw e.getCause();
                }
                log.debug("{}: retrying on another connection after {}", action, e.getCause().toString());
            }
            try {
                return runOnce();
            }
            catch (UncommittedFailure e) {
                throw e.getCause();
            }
        }

        private T runOnce() throws SQLException, UncommittedFailure {
            try (Connection connection = pool.getConnection()) {
                // The pool gives connections back to autocommit off when they return.
                connection.setAutoCommit(oneStatement);
                T value;
                try {
                    value = work.run(connection);
                }
                catch (SQLException e) {
                    rollbackQuietly(connection, e);
                    throw new UncommittedFailure(e);
                }
                catch (RuntimeException | Error e) {
                    rollbackQuietly(connection, e);
                    throw e;
                }
                if (!oneStatement) {
                    connection.commit();
                }
                return value;
            }
        }

        private void rollbackQuietly(Connection connection, Throwable failure) {
            if (oneStatement) {
                return;
            }
            try {
                connection.rollback();
            }
            catch (SQLException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
        }
    }
}
