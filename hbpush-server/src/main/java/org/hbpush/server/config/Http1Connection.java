package org.hbpush.server.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Which HTTP/1.1 connection the plain (non-TLS) listeners use, written {@code http1_connection: lean}
 * or {@code jetty}. TLS listeners always use Jetty's (with HTTP/2 by ALPN).
 *
 * <pre>
 * http1_connection: lean    # the default
 * </pre>
 */
public enum Http1Connection {
    /**
     * hbpushd's own connection answers GET and HEAD requests without a body (long polls, interval
     * polls, channel info, stats) with less CPU per answer, and hands a connection over to Jetty for
     * its first request of any other kind; from then on Jetty serves it.
     */
    LEAN,
    /** Jetty's own HttpConnection for every request: the fallback if the lean one misbehaves. */
    JETTY;

    /** {@code http1_connection} when not given. */
    public static final Http1Connection DEFAULT = LEAN;

    /** The word used in configuration files: {@code lean} or {@code jetty}. */
    public String configurationName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value with this configuration name, exactly as written. */
    static Optional<Http1Connection> fromConfigurationName(String name) {
        for (Http1Connection connection : values()) {
            if (connection.configurationName().equals(name)) {
                return Optional.of(connection);
            }
        }
        return Optional.empty();
    }
}
