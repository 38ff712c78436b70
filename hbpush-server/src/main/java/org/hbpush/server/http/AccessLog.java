package org.hbpush.server.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.NanoTime;
import org.hbpush.server.http.lean.LeanHttp1ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code access_log: true}: one INFO line per finished request through the logger
 * {@code org.hbpush.access}, which conf/logback.xml sends to its own rotated file:
 *
 * <pre>
 * 192.0.2.7 "POST /pub/news" 201 96 bytes 3 ms
 * </pre>
 *
 * <p>Remote address, method, the still-encoded path (never the query, which may carry tokens),
 * status, bytes of the answer's body and the time from the request's start to its end (a long
 * poll's line comes when it is answered). Never a body, never a header.
 */
public final class AccessLog implements RequestLog {
    /** The logger's name, for logging configurations. */
    public static final String LOGGER_NAME = "org.hbpush.access";
    private static final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

    @Override
    public void log(Request request, Response response) {
        if (!log.isInfoEnabled()) {
            return;
        }
        log.info("{} \"{} {}\" {} {} bytes {} ms", Request.getRemoteAddr(request), request.getMethod(),
                RawTargetConnectionFactory.encodedPath(request), LoggedStatus.of(request, response), LeanHttp1ConnectionFactory.contentBytesWritten(response),
                NanoTime.millisSince(request.getBeginNanoTime()));
    }
}
