package org.hbpush.server.http;

import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.hbpush.server.http.lean.LeanHttp1ConnectionFactory;

/**
 * HTTP/1 connections that keep each request's target exactly as the client sent it.
 *
 * <p>A channel id may hold any byte, NUL included, but Jetty refuses {@code %00} in a path
 * whatever its URI compliance says. So the target Jetty parses has each {@code %00} replaced by
 * {@code %01}, and the handlers read the channel id from the target as sent
 * ({@link #encodedPath(Request)}). One HTTP/1 connection parses one request at a time, so the
 * connection can hold the target of the request being handled.
 */
public final class RawTargetConnectionFactory extends HttpConnectionFactory {
    private static final Pattern ENCODED_NUL = Pattern.compile("%00");

    public RawTargetConnectionFactory(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        RawTargetConnection connection = new RawTargetConnection(getHttpConfiguration(), connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
        connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
        return configure(connection, connector, endPoint);
    }

    /**
     * Lets a connection wait for its next request in the selector instead of on a pool thread, when
     * {@code job} is one of these connections that Jetty resumes after an answer written from another
     * thread (a held long poll answered by a publisher's post) and nothing of a next request is
     * buffered yet.
     *
     * @return true when the connection is waiting and {@code job} needs no thread
     */
    static boolean resumeWithoutThread(Runnable job) {
        return job instanceof RawTargetConnection connection && connection.awaitNextRequest();
    }

    /** The request's path, still percent-encoded, as the client sent it. */
    static String encodedPath(Request request) {
        String lean = LeanHttp1ConnectionFactory.rawTarget(request.getConnectionMetaData().getConnection());
        if (lean != null) {
            return pathOf(lean);
        }
        if (request.getConnectionMetaData().getConnection() instanceof RawTargetConnection connection
                && connection.target != null) {
            return pathOf(connection.target);
        }
        return request.getHttpURI().getPath();
    }

    /** The path of a request target: origin form {@code /p?q}, or absolute form {@code http://host/p?q}. */
    static String pathOf(String target) {
        int start = 0;
        int scheme = target.indexOf("://");
        if (!target.startsWith("/") && scheme >= 0) {
            int slash = target.indexOf('/', scheme + 3);
            if (slash < 0) {
                return "/";
            }
            start = slash;
        }
        int end = target.length();
        for (int index = start; index < target.length(); index++) {
            char character = target.charAt(index);
            if (character == '?' || character == '#') {
                end = index;
                break;
            }
        }
        return target.substring(start, end);
    }

    private static final class RawTargetConnection extends HttpConnection {
        private final Callback nextRequest = new NextRequestCallback(this);
        private volatile String target;

        RawTargetConnection(HttpConfiguration configuration, Connector connector, EndPoint endPoint) {
            super(configuration, connector, endPoint);
        }

        @Override
        protected HttpStreamOverHTTP1 newHttpStream(String method, String uri, HttpVersion version) {
            target = uri;
            String parsable = uri == null || !uri.contains("%00") ? uri : ENCODED_NUL.matcher(uri).replaceAll("%01");
            return super.newHttpStream(method, parsable, version);
        }

        /**
         * Jetty resumes a connection whose answer was completed by another thread on a pool thread,
         * which reads at once: for a long poll just answered, the client has not sent its next poll
         * yet, so the read finds nothing and the thread asks the selector to say when there is
         * something. Asking the selector directly does the same without waking a thread (for a
         * crowd of subscribers answered together, one wake-up and context switch saved per answer).
         * Only for a plain connection ready for its next request with nothing buffered; anything
         * else (buffered bytes, a closing connection, TLS) takes Jetty's own path.
         */
        boolean awaitNextRequest() {
            EndPoint endPoint = getEndPoint();
            if (!(endPoint instanceof SocketChannelEndPoint) || !endPoint.isOpen() || endPoint.isOutputShutdown()
                    || !isRequestBufferEmpty() || !getParser().isStart() || isFillInterested()) {
                return false;
            }
            // Not fillInterested(): its callback says it may block, and the selector would then hand
            // the next request to another thread; this one is what Jetty's own reads register.
            fillInterested(nextRequest);
            return true;
        }
    }

    /** Reads and handles the next request when it comes, on the selector's thread as Jetty's own reads do. */
    private static final class NextRequestCallback implements Callback {
        private final HttpConnection connection;

        NextRequestCallback(HttpConnection connection) {
            this.connection = connection;
        }

        @Override
        public void succeeded() {
            connection.onFillable();
        }

        @Override
        public void failed(Throwable failure) {
            connection.onFillInterestedFailed(failure);
        }

        @Override
        public InvocationType getInvocationType() {
            return connection.getServer().getInvocationType();
        }
    }
}
