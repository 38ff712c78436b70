package org.hbpush.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Accepts exactly the shared token. Both sides are hashed first and compared with
 * {@link MessageDigest#isEqual}, which takes the same time wherever they differ: neither the
 * token's content nor its length can be learnt by timing answers.
 */
final class SharedTokenAuthenticator implements BearerAuthenticator {
    private final byte[] expectedDigest;

    SharedTokenAuthenticator(String token) {
        this.expectedDigest = sha256(requireNonNull(token, "token is null"));
    }

    @Override
    public Optional<String> refusal(String credential) {
        requireNonNull(credential, "credential is null");
        if (MessageDigest.isEqual(expectedDigest, sha256(credential))) {
            return Optional.empty();
        }
        return Optional.of("the bearer token is not this location's token");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
