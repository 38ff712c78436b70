package org.hbpush.server.http.lean;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Response;
import org.hbpush.server.http.RawTargetConnectionFactory;

import static java.util.Objects.requireNonNull;

/**
 * Plain (non-TLS) HTTP/1.1 connections that serve GET and HEAD requests, and POST, PUT and DELETE
 * with a {@code Content-Length} body small enough for their read buffer, themselves
 * ({@link LeanConnection}), running the same handler chain as Jetty's HttpConnection but without
 * its parser, channel state and generator: less CPU per long-poll answer and per publish. Any other
 * request (a chunked or larger body, a CORS preflight, HTTP/1.0, {@code Expect},
 * {@code Upgrade: h2c}, a malformed or oversized head) hands the connection over to Jetty's
 * {@link RawTargetConnectionFactory} with the bytes read so far, and Jetty answers it and every
 * later request of that connection.
 *
 * <p>The static methods let hbpushd's handlers and request logs treat lean requests as they treat
 * Jetty's.
 */
public final class LeanHttp1ConnectionFactory extends AbstractConnectionFactory {
    private final HttpConfiguration configuration;
    private final RawTargetConnectionFactory jetty;
    // one per connector: the answers to a crowd share their head, its polls their header fields
    private final SharedResponseHeads heads = new SharedResponseHeads();
    private final SharedRequestFields fields = new SharedRequestFields();

    public LeanHttp1ConnectionFactory(HttpConfiguration configuration) {
        super(HttpVersion.HTTP_1_1.asString());
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.jetty = new RawTargetConnectionFactory(configuration);
        addBean(jetty);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        // configure adds the connector's connection listeners, which the metrics need
        // HttpConnection.onUpgradeTo appends the bytes handed over into its input buffer and drops
        // silently what does not fit: never read ahead more than that. Nor less: a hand-over then
        // gives Jetty what it would have read itself (with less, Jetty could answer 431 and close
        // with bytes still unread, which resets the connection before the client reads the answer).
        // A buffer is held only while it has bytes; a body that does not fit with its head is Jetty's.
        int readBufferSize = jetty.getInputBufferSize();
        return configure(new LeanConnection(connector, endPoint, configuration, jetty, readBufferSize, heads, fields), connector, endPoint);
    }

    /** The target, as the client sent it, of the request being handled on {@code connection} when it is a lean one; else null. */
    public static String rawTarget(Connection connection) {
        if (connection instanceof LeanConnection lean) {
            LeanExchange exchange = lean.active();
            return exchange == null ? null : exchange.rawTarget();
        }
        return null;
    }

    /** True when {@code connection} notices its client leaving by itself, with no ClientCloseWatch. */
    public static boolean watchesClientClose(Connection connection) {
        return connection instanceof LeanConnection;
    }

    /**
     * {@link Response#getContentBytesWritten(Response)} for lean responses too: Jetty's knows only its
     * own response class and gives -1 for others.
     */
    public static long contentBytesWritten(Response response) {
        if (Response.getOriginalResponse(response) instanceof LeanResponse lean) {
            return lean.getContentBytesWritten();
        }
        return Response.getContentBytesWritten(response);
    }
}
