package org.hbpush.server.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The status a finished request is counted and logged with. A held long poll whose client left is
 * never answered, and Jetty records such a request as a 500: it is logged with nginx's 499 ("client
 * closed request") instead, which ops know, so that subscribers closing their tabs never show up as
 * server errors in the stats, the metrics or the access log.
 */
public final class LoggedStatus {
    /** nginx's status for a request whose client closed the connection before the answer. */
    public static final int CLIENT_CLOSED_REQUEST = 499;
    private static final String CLIENT_LEFT_ATTRIBUTE = "org.hbpush.clientLeft";

    private LoggedStatus() {
    }

    /** Marks the request as left by its client before it was answered. */
    static void clientLeft(Request request) {
        request.setAttribute(CLIENT_LEFT_ATTRIBUTE, Boolean.TRUE);
    }

    /** The request's status for counting and logging. */
    public static int of(Request request, Response response) {
        return request.getAttribute(CLIENT_LEFT_ATTRIBUTE) != null ? CLIENT_CLOSED_REQUEST : response.getStatus();
    }
}
