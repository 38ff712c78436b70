package org.hbpush.server;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.hbpush.server.config.ConnectionLimits;
import org.hbpush.server.config.Http1Connection;
import org.hbpush.server.config.ListenerConfiguration;
import org.hbpush.server.config.TlsConfiguration;
import org.hbpush.server.http.RawTargetConnectionFactory;
import org.hbpush.server.http.lean.LeanHttp1ConnectionFactory;

import static java.util.Objects.requireNonNull;

/**
 * Makes the Jetty connector of one listener: plain HTTP/1.1 (the lean connection, or Jetty's with
 * {@code http1_connection: jetty}), or TLS on which ALPN chooses HTTP/2 ({@code h2}) or Jetty's
 * HTTP/1.1 (the choice of clients that offer nothing). The connector carries the
 * listener's name, which is how a request tells the locations which listener it came in on.
 */
final class ListenerConnectors {
    private static final String KEYSTORE_TYPE = "PKCS12";

    private final Server jetty;
    private final HttpConfiguration http;
    private final ConnectionLimits limits;
    private final Http1Connection http1Connection;

    /**
     * @param http        the HTTP settings every listener shares (URI compliance, header size)
     * @param limits      how long a connection may stay silent, and how many wait to be accepted
     * @param http1Connection the HTTP/1.1 connection of plain listeners
     */
    ListenerConnectors(Server jetty, HttpConfiguration http, ConnectionLimits limits, Http1Connection http1Connection) {
        this.jetty = requireNonNull(jetty, "jetty is null");
        this.http = requireNonNull(http, "http is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.http1Connection = requireNonNull(http1Connection, "http1Connection is null");
    }

    ServerConnector connector(ListenerConfiguration listener) {
        requireNonNull(listener, "listener is null");
        ServerConnector connector = listener.tls().isPresent()
                ? tlsConnector(listener.tls().get())
                : new ServerConnector(jetty, plainConnectionFactory());
        connector.setName(listener.name());
        connector.setHost(listener.address().isEmpty() ? null : listener.address());
        connector.setPort(listener.port());
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.setAcceptQueueSize(limits.listenBacklog());
        return connector;
    }

    private ConnectionFactory plainConnectionFactory() {
        return switch (http1Connection) {
            case LEAN -> new LeanHttp1ConnectionFactory(http);
            case JETTY -> new RawTargetConnectionFactory(http);
        };
    }

    private ServerConnector tlsConnector(TlsConfiguration tls) {
        SslContextFactory.Server context = new SslContextFactory.Server();
        context.setKeyStoreType(KEYSTORE_TYPE);
        context.setKeyStorePath(tls.keystore().toString());
        context.setKeyStorePassword(tls.password());
        context.setKeyManagerPassword(tls.effectiveKeyPassword());
        // HTTP/2 refuses the ciphers of its RFC 7540 block list: offer the allowed ones first
        context.setCipherComparator(HTTP2Cipher.COMPARATOR);

        HttpConfiguration https = new HttpConfiguration(http);
        // Requests are https; clients that reach the node by IP address send no matching SNI host, and that is fine.
        https.addCustomizer(new SecureRequestCustomizer(false));
        HTTP2ServerConnectionFactory http2 = new HTTP2ServerConnectionFactory(https);
        // HTTP/1.1 over TLS keeps the raw request targets (%00 in channel ids) as plain listeners do.
        RawTargetConnectionFactory http11 = new RawTargetConnectionFactory(https);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol(http11.getProtocol());
        SslConnectionFactory ssl = new SslConnectionFactory(context, alpn.getProtocol());
        return new ServerConnector(jetty, ssl, alpn, http2, http11);
    }
}
