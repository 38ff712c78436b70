package org.hbpush.server.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.server.config.CorsConfiguration;

import static java.util.Objects.requireNonNull;

/**
 * Lets browser pages from other origins use a location (CORS): answers their preflight requests,
 * and marks every answer to an allowed origin, errors, 304 and 410 included, so that the page's
 * script can read it and its validators.
 */
final class CorsPolicy {
    /** The request headers the protocol uses: the validators, and a publisher's Content-Type. */
    private static final String ALLOWED_HEADERS = "If-None-Match, If-Modified-Since, Content-Type";
    /** What a page's script may read besides the simple headers: the validators, and the gap mark. */
    private static final String EXPOSED_HEADERS = "Etag, Last-Modified, " + MessageAnswers.GAP_HEADER;

    private final CorsConfiguration configuration;
    private final String allowedMethods;

    CorsPolicy(CorsConfiguration configuration, String allowedMethods) {
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.allowedMethods = requireNonNull(allowedMethods, "allowedMethods is null");
    }

    /** True when this is a preflight request: OPTIONS asking whether a method may be used. */
    static boolean isPreflight(Request request) {
        return request.getMethod().equals("OPTIONS")
                && request.getHeaders().contains(HttpHeader.ORIGIN)
                && request.getHeaders().contains(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD);
    }

    /** Answers a preflight request: 204 with what is allowed, or 403 for an origin that is not. */
    void answerPreflight(Request request, Response response, Callback callback) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (!configuration.allows(origin)) {
            PlainAnswers.error(response, callback, HttpStatus.FORBIDDEN_403, "origin " + origin + " is not allowed here (cors.allow_origins)");
            return;
        }
        HttpFields.Mutable headers = response.getHeaders();
        allowOrigin(origin, headers);
        headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, allowedMethods);
        headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
        headers.put(HttpHeader.ACCESS_CONTROL_MAX_AGE, Long.toString(configuration.maxAge().toSeconds()));
        response.setStatus(HttpStatus.NO_CONTENT_204);
        response.write(true, null, callback);
    }

    /** Marks the answer to a request from a page of another origin, when that origin is allowed. */
    void markAnswer(Request request, Response response) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null || !configuration.allows(origin)) {
            return;
        }
        allowOrigin(origin, response.getHeaders());
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
    }

    private void allowOrigin(String origin, HttpFields.Mutable headers) {
        if (configuration.anyOrigin()) {
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            return;
        }
        headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        // The answer depends on the Origin: caches must keep one per origin.
        headers.add(HttpHeader.VARY, "Origin");
        if (configuration.allowCredentials()) {
            headers.put(HttpHeader.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
    }
}
