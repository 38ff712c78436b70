package org.hbpush.server.http.lean;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.hbpush.server.http.PlainErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * One request of a lean connection from its head to its request-log line, run the way Jetty's
 * HttpChannelState runs it: the configuration's customizers, {@code server.handle} (404 when no
 * handler takes the request), then the request log with the customized request. It is also the
 * callback the handlers complete.
 *
 * <p>Not invoked, unlike Jetty: HttpChannel listeners and EventsHandler events, and the response
 * header size check of HttpConfiguration.
 */
final class LeanExchange implements Callback {
    private static final Logger log = LoggerFactory.getLogger(LeanExchange.class);

    private final LeanConnection connection;
    private final LeanRequest request;
    private final LeanResponse response;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Request customized;
    private volatile boolean clientLeft;
    // guarded by the connection's lock
    boolean handleReturned;
    boolean completed;

    /** @param body the request's whole body, read already; null when it has none */
    LeanExchange(LeanConnection connection, RequestHead head, ByteBuffer body, int number, long beginNanos, long headersNanos) {
        this.connection = requireNonNull(connection, "connection is null");
        this.request = new LeanRequest(connection.metaData(), head, body, number, beginNanos, headersNanos);
        this.response = new LeanResponse(request, connection, head.persistent());
        this.customized = request;
    }

    /** Runs the server's handlers: Jetty 12.1's {@code server.handle} returns false when no handler took the request. */
    void handle() {
        Server server = connection.metaData().getConnector().getServer();
        try {
            Request next = request;
            for (HttpConfiguration.Customizer customizer : connection.metaData().getHttpConfiguration().getCustomizers()) {
                Request wrapped = customizer.customize(next, response.getHeaders());
                next = wrapped == null ? next : wrapped;
            }
            customized = next;
            if (!server.handle(next, response, this)) {
                Response.writeError(next, response, this, HttpStatus.NOT_FOUND_404);
            }
        }
        catch (Throwable x) {
            failed(x);
        }
    }

    String rawTarget() {
        return request.head().rawTarget();
    }

    LeanResponse response() {
        return response;
    }

    boolean persistent() {
        return response.isPersistent();
    }

    /** The client left, or the connection failed, while the request was handled. */
    void clientGone(Throwable cause) {
        clientLeft = true;
        request.failed(cause);
    }

    /** True when the idle timeout must fail the request. */
    boolean idleExpired(TimeoutException timeout) {
        return request.idleExpired(timeout);
    }

    @Override
    public void succeeded() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        if (response.hasLastWrite()) {
            complete(null);
            return;
        }
        response.write(true, null, Callback.from(() -> complete(null), this::complete));
    }

    /**
     * Not committed yet: answers as hbpushd's other errors do (PlainErrorHandler: text/plain, one
     * line, no internals) and closes. Committed, or the client gone: closes.
     */
    @Override
    public void failed(Throwable failure) {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        log.debug("{} failed", request, failure);
        if (response.isCommitted() || clientLeft || !connection.getEndPoint().isOpen()) {
            if (!response.isCommitted()) {
                response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR_500);
            }
            complete(failure);
            return;
        }
        int status = failure instanceof HttpException http ? http.getCode() : HttpStatus.INTERNAL_SERVER_ERROR_500;
        String detail = failure instanceof HttpException http ? http.getReason() : null;
        response.reset();
        response.setStatus(status);
        // with Connection: close: after a failure, nothing more on this connection can be trusted
        ByteBuffer body = PlainErrorHandler.plainError(status, detail, response.getHeaders());
        response.write(true, body, Callback.from(() -> complete(failure), x -> complete(failure)));
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    private void complete(Throwable failure) {
        try {
            RequestLog requestLog = connection.metaData().getConnector().getServer().getRequestLog();
            if (requestLog != null) {
                // Jetty logs the customized request, which the request logs look into (LocatedRequest)
                requestLog.log(customized, response);
            }
        }
        catch (Throwable x) {
            log.warn("request log failed for {}", request, x);
        }
        connection.completed(this, failure);
    }
}
