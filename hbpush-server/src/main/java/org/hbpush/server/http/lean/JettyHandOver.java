package org.hbpush.server.http.lean;

import java.util.concurrent.CancellationException;

import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;

import static java.util.Objects.requireNonNull;

/**
 * Moves a lean connection's end point to a new Jetty HttpConnection, which parses the bytes read so
 * far (the lean connection's {@code onUpgradeFrom}) and serves the connection from then on.
 */
final class JettyHandOver {
    // Our read interest must be cancelled first: HttpConnection.onOpen registers its own, and
    // EndPoint.fillInterested throws ReadPendingException when one is already registered. The
    // read callback receives this and ignores it.
    static final CancellationException HANDED_OVER = new CancellationException("handed over to Jetty");

    private final ConnectionFactory jetty;
    private final Connector connector;

    JettyHandOver(ConnectionFactory jetty, Connector connector) {
        this.jetty = requireNonNull(jetty, "jetty is null");
        this.connector = requireNonNull(connector, "connector is null");
    }

    /** Cancels the read interest the lean connection registered. */
    static void cancelReadInterest(EndPoint endPoint) {
        if (endPoint instanceof AbstractEndPoint abstractEndPoint) {
            abstractEndPoint.getFillInterest().onFail(HANDED_OVER);
        }
    }

    /**
     * EndPoint.upgrade calls the lean connection's onUpgradeFrom (the unparsed bytes) and onClose,
     * then the new connection's onUpgradeTo (which takes the bytes) and onOpen.
     */
    void handOver(EndPoint endPoint) {
        Connection connection = jetty.newConnection(connector, endPoint);
        endPoint.upgrade(connection);
    }
}
