package org.hbpush.server.config;

import static java.util.Objects.requireNonNull;

/**
 * A publisher location's {@code auth:} section: a request must carry
 * {@code Authorization: Bearer <credential>} where the credential is the shared {@code token}, or
 * an HS256 JWT signed with {@code jwt_secret}. Either value may be {@code ${NAME}}, read from the
 * environment variable NAME at startup.
 *
 * <pre>
 * auth:
 *   token: ${HBPUSH_PUBLISH_TOKEN}      # or:
 *   jwt_secret: ${HBPUSH_JWT_SECRET}    # at least 32 bytes
 * </pre>
 *
 * <p>{@link #toString()} never shows the secret, so it cannot reach a log line or a message.
 *
 * @param scheme what the credential is
 * @param secret the token, or the JWT signing key (its UTF-8 bytes)
 */
public record PublisherAuthentication(Scheme scheme, String secret) {
    /** The shortest HS256 key accepted: RFC 7518 section 3.2 wants at least the hash's 256 bits. */
    public static final int MIN_JWT_SECRET_BYTES = 32;

    /** What the bearer credential is. */
    public enum Scheme {
        /** A shared secret, compared in constant time. */
        TOKEN,
        /** An HS256 JSON Web Token. */
        JWT
    }

    public PublisherAuthentication {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(secret, "secret is null");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the secret is empty");
        }
    }

    @Override
    public String toString() {
        return "PublisherAuthentication[" + scheme + ", secret hidden]";
    }
}
