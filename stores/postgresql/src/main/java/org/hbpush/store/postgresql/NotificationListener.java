package org.hbpush.store.postgresql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;

import static java.util.Objects.requireNonNull;

/**
 * The store's listening connection: one connection outside the pool, on a thread of its own, that
 * LISTENs on the store's NOTIFY channel and hands each payload over.
 *
 * <p>When the connection drops (PostgreSQL restarted, the network failed) it is opened again,
 * waiting a little longer after each failed attempt. Notifications sent meanwhile are lost, so
 * after every successful LISTEN, the first one included, {@code listening} runs: the store then
 * tells its listeners that events may have been missed, and held long polls read the store again.
 * An idle connection is checked every few seconds, so a silently dead one is noticed too.
 */
final class NotificationListener implements AutoCloseable {
    private static final int POLL_MILLIS = 250;
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(2);

    private final DataSource source;
    private final String notifyChannel;
    private final Consumer<String> payloads;
    private final Runnable listening;
    private final Logger log;
    private final String target;
    private final Thread thread;
    private final Object pause = new Object();
    private volatile boolean closed;
    private volatile Optional<Connection> current = Optional.empty();

    /**
     * @param source        opens the listening connection (not a pooled one: LISTEN belongs to a session)
     * @param notifyChannel the NOTIFY channel
     * @param payloads      told each payload, on the listening thread; must be short
     * @param listening     run after each successful LISTEN, on the listening thread
     * @param target        where the store connects, for log lines
     */
    NotificationListener(DataSource source, String notifyChannel, Consumer<String> payloads, Runnable listening,
            String storeName, String target, Logger log) {
        this.source = requireNonNull(source, "source is null");
        this.notifyChannel = requireNonNull(notifyChannel, "notifyChannel is null");
        this.payloads = requireNonNull(payloads, "payloads is null");
        this.listening = requireNonNull(listening, "listening is null");
        this.target = requireNonNull(target, "target is null");
        this.log = requireNonNull(log, "log is null");
        this.thread = new Thread(this::run, "hbpush-postgresql-" + requireNonNull(storeName, "storeName is null") + "-listen");
        thread.setDaemon(true);
        thread.setContextClassLoader(NotificationListener.class.getClassLoader());
    }

    void start() {
        thread.start();
    }

    /** Stops listening; returns once the thread has closed its connection (within a poll interval). */
    @Override
    public void close() {
        closed = true;
        synchronized (pause) {
            pause.notifyAll();
        }
        // Abort, not close: close would wait for the listening thread to leave its poll.
        current.ifPresent(connection -> {
            try {
                connection.abort(Runnable::run);
            }
            catch (SQLException | RuntimeException e) {
                log.debug("aborting the listening connection: {}", e.toString());
            }
        });
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        boolean lost = false;
        while (!closed) {
            try (Connection connection = source.getConnection()) {
                current = Optional.of(connection);
                if (closed) {
                    return;
                }
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN \"" + notifyChannel + "\"");
                }
                if (lost) {
                    log.info("listening to {} again", target);
                }
                lost = false;
                retry = FIRST_RETRY;
                listening.run();
                listen(connection);
            }
            catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                if (!lost) {
                    log.warn("lost the listening connection to {}: {}; reconnecting, then held long polls read the store again",
                            target, Failures.reason(e));
                }
                lost = true;
            }
            finally {
                current = Optional.empty();
            }
            pause(retry);
            retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
        }
    }

    private void listen(Connection connection) throws SQLException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        long lastHeard = System.nanoTime();
        while (!closed) {
            PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
            if (received != null && received.length > 0) {
                for (PGNotification notification : received) {
                    payloads.accept(notification.getParameter());
                }
                lastHeard = System.nanoTime();
            }
            else if (System.nanoTime() - lastHeard > CHECK_NANOS) {
                // Nothing heard for a while: make sure the connection is still alive.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
                lastHeard = System.nanoTime();
            }
        }
    }

    private void pause(Duration duration) {
        synchronized (pause) {
            if (!closed) {
                try {
                    pause.wait(duration.toMillis());
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    closed = true;
                }
            }
        }
    }
}
