package org.hbpush.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.server.config.AccessRules;
import org.hbpush.server.config.LocationType;
import org.hbpush.server.metrics.ScrapeFormat;
import org.hbpush.server.metrics.ServerMetrics;

import static java.util.Objects.requireNonNull;

/**
 * A metrics location, for Prometheus: {@code GET} answers every meter of {@link ServerMetrics} in
 * the text format 0.0.4, or in OpenMetrics when {@code Accept} asks for it. The exposition is
 * Micrometer's Prometheus registry's, never written here.
 */
public final class MetricsHandler extends LocationHandler {
    private final ServerMetrics metrics;

    public MetricsHandler(LocationMatcher matcher, AccessRules access, ServerMetrics metrics) {
        super(LocationType.METRICS, matcher, access);
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    protected void handleMatched(String rest, Request request, Response response, Callback callback) {
        if (!rest.isEmpty()) {
            PlainAnswers.error(response, callback, HttpStatus.NOT_FOUND_404, "the metrics are at the location's prefix itself, not below it");
            return;
        }
        if (!request.getMethod().equals("GET")) {
            methodNotAllowed(request, response, callback);
            return;
        }
        ScrapeFormat format = ScrapeFormat.forAccept(request.getHeaders().getValuesList(HttpHeader.ACCEPT));
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        try {
            metrics.scrape(body, format);
        }
        catch (IOException | RuntimeException e) {
            PlainAnswers.storeFailure(response, callback, e, "writing the metrics");
            return;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, format.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.VARY, HttpHeader.ACCEPT.asString());
        response.write(true, ByteBuffer.wrap(body.toByteArray()), callback);
    }

    @Override
    protected String allowedMethods() {
        return "GET";
    }
}
