package org.hbpush.server.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One entry of {@code listen:}: an address and port hbpushd accepts connections on, in plain HTTP or
 * in HTTPS. Locations name the listeners they are served on ({@code listener:}); a location is not
 * there on the others.
 *
 * <pre>
 * listen:
 *   - name: public              # how locations name it; required when there are several
 *     port: 443                 # default 80, or 443 with tls
 *     tls:                      # HTTPS, see TlsConfiguration
 *       keystore: hbpush.p12
 *       password: ${HBPUSH_TLS_PASSWORD}
 *   - name: internal
 *     address: 127.0.0.1        # default '': every interface
 *     port: 8081
 * </pre>
 *
 * <p>Without {@code listen:}, the root keys {@code port} and {@code address} make the one listener,
 * named {@value #DEFAULT_NAME}.
 *
 * @param name    its name, unique among the listeners
 * @param address the address to bind, {@code ""} for every interface
 * @param port    the port, 0..65535 (0 picks a free one)
 * @param tls     {@code tls:}, when it serves HTTPS
 */
public record ListenerConfiguration(String name, String address, int port, Optional<TlsConfiguration> tls) {
    /** The name of the listener made of {@code port} and {@code address}, and of an unnamed single listener. */
    public static final String DEFAULT_NAME = "default";
    /** {@code port} of a plain listener when not given. */
    public static final int DEFAULT_PORT = 80;
    /** {@code port} of a TLS listener when not given. */
    public static final int DEFAULT_TLS_PORT = 443;

    public ListenerConfiguration {
        requireNonNull(name, "name is null");
        requireNonNull(address, "address is null");
        requireNonNull(tls, "tls is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name is empty");
        }
    }

    /** This listener on another port (a {@code --port} option). */
    public ListenerConfiguration withPort(int port) {
        return new ListenerConfiguration(name, address, port, tls);
    }

    /** {@code http} or {@code https}. */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }

    /** {@code address:port} as log lines and messages show it, {@code *} for every interface. */
    public String where() {
        return (address.isEmpty() ? "*" : address) + ":" + port;
    }
}
