package org.hbpush.server.config;

import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code cors:} on a location: which other origins' pages may call it from a browser.
 *
 * <pre>
 * cors:
 *   allow_origins: [https://app.example.com]   # exact origins, or "*" for any (required)
 *   allow_credentials: false                    # let the page send cookies / HTTP auth (default false; not with "*")
 *   max_age: 600                                # seconds a browser may cache a preflight answer (default 600)
 * </pre>
 *
 * @param allowOrigins     the origins allowed, exactly as browsers send them ({@code scheme://host[:port]});
 *                         empty when any origin is allowed
 * @param anyOrigin        {@code allow_origins: "*"}
 * @param allowCredentials whether credentialed requests are allowed
 * @param maxAge           how long a preflight answer may be cached
 */
public record CorsConfiguration(List<String> allowOrigins, boolean anyOrigin, boolean allowCredentials, Duration maxAge) {
    /** {@code max_age} when not given. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

    public CorsConfiguration {
        allowOrigins = List.copyOf(requireNonNull(allowOrigins, "allowOrigins is null"));
        requireNonNull(maxAge, "maxAge is null");
        if (anyOrigin == !allowOrigins.isEmpty()) {
            throw new IllegalArgumentException("either any origin or a list of origins");
        }
    }

    /** True when a page from {@code origin} may call the location. */
    public boolean allows(String origin) {
        return anyOrigin || allowOrigins.contains(origin);
    }
}
