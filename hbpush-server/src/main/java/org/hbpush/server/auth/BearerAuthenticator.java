package org.hbpush.server.auth;

import java.util.Optional;

import org.hbpush.server.config.PublisherAuthentication;

/**
 * Decides whether a bearer credential ({@code Authorization: Bearer <credential>}) lets a request
 * in. Reasons name what is wrong, never the credential or the secret.
 *
 * <pre>{@code
 * BearerAuthenticator authenticator = BearerAuthenticator.of(location.authentication().get(), Clock.systemUTC());
 * Optional<String> refusal = authenticator.refusal(credential);   // empty: let in
 * }</pre>
 */
public interface BearerAuthenticator {
    /** Why the credential is refused; empty when it is accepted. */
    Optional<String> refusal(String credential);

    static BearerAuthenticator of(PublisherAuthentication authentication, java.time.Clock clock) {
        return switch (authentication.scheme()) {
            case TOKEN -> new SharedTokenAuthenticator(authentication.secret());
            case JWT -> new Hs256JwtAuthenticator(authentication.secret(), clock);
        };
    }
}
