package org.hbpush.server.config;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * What protects the node from too many or too idle connections, on every listener together.
 *
 * <pre>
 * max_connections: 60000          # open connections at most; beyond, new ones wait in the kernel's queue
 * max_request_header_size: 8192   # bytes of request line and headers; a larger request gets 431
 * idle_timeout: 30                # seconds a connection may stay silent between requests (held long polls are exempt)
 * listen_backlog: 4096            # connections the kernel completes and queues for hbpushd to accept
 * </pre>
 *
 * @param maxConnections       {@code max_connections}: open connections, all listeners together; once
 *                             reached, hbpushd stops accepting until one closes (the kernel queues the
 *                             newcomers; nothing fails on the server)
 * @param maxRequestHeaderSize {@code max_request_header_size}: bytes of request line and headers
 *                             (HTTP/1) or of the decoded header list (HTTP/2)
 * @param idleTimeout          {@code idle_timeout}: how long a connection may stay silent (a client that connects
 *                             and sends nothing, or stops halfway through a request, or keeps an idle
 *                             keep-alive connection) before it is closed. A held long poll is exempt: it
 *                             waits for its {@code subscriber_timeout}, however short this is
 * @param listenBacklog        {@code listen_backlog}: the length of each listener's accept queue, where the
 *                             kernel keeps connections it has completed until hbpushd accepts them (the
 *                             kernel caps it at {@code net.core.somaxconn}). A connection that finds the
 *                             queue full is not refused: its client sends again after a second, then 3, 7...
 */
public record ConnectionLimits(int maxConnections, int maxRequestHeaderSize, Duration idleTimeout, int listenBacklog) {
    /**
     * {@code max_connections} when not given: every held long poll is a connection, so room for the
     * default {@code max_waiting_subscribers} (50,000, about half the launcher's 1 GB heap at 10 KB
     * each) and 10,000 more for publishers, interval polls and polls being answered. Below it, the
     * waiting-subscriber limit answers 503 with Retry-After before connections queue unanswered.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 60_000;
    /** {@code max_request_header_size} when not given: Jetty's own default, ample for the protocol's headers. */
    public static final int DEFAULT_MAX_REQUEST_HEADER_SIZE = 8_192;
    /**
     * {@code idle_timeout} when not given: Jetty's own default, long enough for a client's pause between
     * two requests, short enough that silent connections do not pile up.
     */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * {@code listen_backlog} when not given: room for a crowd that reconnects at once (after a restart
     * or a network blip) while the node accepts. The JDK's own default, 50, drops the rest of such a
     * burst for a second or more (a fanout tool opening 10,000 connections took 20 s); nginx uses 511,
     * and Linux's {@code somaxconn} has been 4096 since 5.4.
     */
    public static final int DEFAULT_LISTEN_BACKLOG = 4_096;
    /** Every key at its default. */
    public static final ConnectionLimits DEFAULT = new ConnectionLimits(DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_REQUEST_HEADER_SIZE,
            DEFAULT_IDLE_TIMEOUT, DEFAULT_LISTEN_BACKLOG);

    public ConnectionLimits {
        requireNonNull(idleTimeout, "idleTimeout is null");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
        }
        if (maxRequestHeaderSize < 1) {
            throw new IllegalArgumentException("maxRequestHeaderSize must be positive: " + maxRequestHeaderSize);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
        }
        if (listenBacklog < 1) {
            throw new IllegalArgumentException("listenBacklog must be positive: " + listenBacklog);
        }
    }
}
