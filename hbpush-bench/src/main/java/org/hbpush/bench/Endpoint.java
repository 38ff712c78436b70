package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A server the tool talks to: the address it connects to and the {@code Host} it names.
 *
 * @param address the resolved socket address
 * @param host the {@code Host} field value, host and port
 */
record Endpoint(InetSocketAddress address, String host) {
    Endpoint {
        requireNonNull(address, "address is null");
        requireNonNull(host, "host is null");
    }

    /** The server of an {@code http://host:port} URL, its name resolved once, now. */
    static Endpoint of(URI url) {
        int port = url.getPort() < 0 ? 80 : url.getPort();
        InetSocketAddress address = new InetSocketAddress(url.getHost(), port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve the host of " + url);
        }
        return new Endpoint(address, url.getHost() + ":" + port);
    }
}
