package org.hbpush.server.http;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.hbpush.server.config.LocationType;
import org.hbpush.server.metrics.LocationMeters;

import static java.util.Objects.requireNonNull;

/**
 * Counts each finished request into the meters of the location that took it, by the same rules as
 * {@link StatsRequestLog}: its status, and whether it published or delivered a message.
 */
public final class MetricsRequestLog implements RequestLog {
    private final Map<LocationHandler, LocationMeters> metersByLocation;
    private final LocationMeters unmatched;

    /**
     * @param metersByLocation the meters of each location handler
     * @param unmatched        the meters of the requests no location took
     */
    public MetricsRequestLog(Map<LocationHandler, LocationMeters> metersByLocation, LocationMeters unmatched) {
        // By identity: a handler is the location, whatever its equals says.
        this.metersByLocation = new IdentityHashMap<>(requireNonNull(metersByLocation, "metersByLocation is null"));
        this.unmatched = requireNonNull(unmatched, "unmatched is null");
    }

    @Override
    public void log(Request request, Response response) {
        int status = LoggedStatus.of(request, response);
        Optional<LocationHandler> location = LocatedRequest.location(request);
        LocationMeters meters = location.isPresent() ? metersByLocation.getOrDefault(location.get(), unmatched) : unmatched;
        meters.requestAnswered(status);
        if (location.isEmpty()) {
            return;
        }
        LocationType type = location.get().type();
        if (StatsRequestLog.publishedMessage(type, request.getMethod(), status)) {
            meters.messagePublished();
        }
        if (StatsRequestLog.deliveredMessage(type, status)) {
            meters.messageDelivered();
        }
    }
}
