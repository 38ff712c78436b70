package org.hbpush.server.http;

import java.util.Optional;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.hbpush.server.config.LocationType;
import org.hbpush.server.stats.NodeStats;

import static java.util.Objects.requireNonNull;

/**
 * Counts each request into {@link NodeStats} once Jetty has finished it, from its status alone, so
 * the handlers need not count on each of their paths: a publisher's POST answered 201 or 202 is a
 * published message, a subscriber answered 200 got a message.
 */
public final class StatsRequestLog implements RequestLog {
    private final NodeStats stats;

    public StatsRequestLog(NodeStats stats) {
        this.stats = requireNonNull(stats, "stats is null");
    }

    @Override
    public void log(Request request, Response response) {
        Optional<LocationType> location = locationType(request);
        int status = LoggedStatus.of(request, response);
        stats.requestAnswered(location, status);
        if (location.isEmpty()) {
            return;
        }
        if (publishedMessage(location.get(), request.getMethod(), status)) {
            stats.messagePublished();
        }
        if (deliveredMessage(location.get(), status)) {
            stats.messageDelivered();
        }
    }

    /** A publisher's POST answered 201 or 202 stored a message. */
    static boolean publishedMessage(LocationType location, String method, int status) {
        return switch (location) {
            case PUBLISHER -> method.equals("POST") && (status == HttpStatus.CREATED_201 || status == HttpStatus.ACCEPTED_202);
            case SUBSCRIBER, HEALTH, STATS, METRICS -> false;
        };
    }

    /** A subscriber answered 200 got a message. */
    static boolean deliveredMessage(LocationType location, int status) {
        return switch (location) {
            case SUBSCRIBER -> status == HttpStatus.OK_200;
            case PUBLISHER, HEALTH, STATS, METRICS -> false;
        };
    }

    /** The type of the location that took the request; empty when none matched. */
    static Optional<LocationType> locationType(Request request) {
        return LocatedRequest.location(request).map(LocationHandler::type);
    }
}
