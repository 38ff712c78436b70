package org.hbpush.server.http;

import java.util.Optional;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * A request that remembers the location that took it, for the request logs that count requests by
 * location ({@link StatsRequestLog}, {@link MetricsRequestLog}). Every listener wraps each of its
 * requests in one, through {@link #customizer()}: Jetty hands a request log the request as its
 * customizers left it, so the logs find the wrapper even though the handlers run later. A field
 * where request attributes would cost a map per request, on every poll of a crowd.
 */
public final class LocatedRequest extends Request.Wrapper {
    private static final HttpConfiguration.Customizer CUSTOMIZER = (request, responseHeaders) -> new LocatedRequest(request);

    // Set by the handling thread, read by the request log once the request has ended, maybe on another thread.
    private volatile LocationHandler location;

    private LocatedRequest(Request wrapped) {
        super(wrapped);
    }

    /** Wraps each request of a listener; add it to the listener's {@link HttpConfiguration}. */
    public static HttpConfiguration.Customizer customizer() {
        return CUSTOMIZER;
    }

    /** Records that {@code location} took the request; nothing when the request was not wrapped. */
    static void record(Request request, LocationHandler location) {
        LocatedRequest located = Request.as(request, LocatedRequest.class);
        if (located != null) {
            located.location = location;
        }
    }

    /** The location that took the request; empty when none did (404) or the request was not wrapped. */
    static Optional<LocationHandler> location(Request request) {
        LocatedRequest located = Request.as(request, LocatedRequest.class);
        return located == null ? Optional.empty() : Optional.ofNullable(located.location);
    }
}
