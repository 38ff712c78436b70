package org.hbpush.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static java.util.Objects.requireNonNull;

/**
 * Accepts a JSON Web Token (RFC 7519) signed with HMAC-SHA256 under the location's secret: the
 * header's {@code alg} must be {@code HS256} (never {@code none} nor another algorithm, whatever the
 * token says), the signature must match, and {@code exp} / {@code nbf}, when present, must hold now.
 * The claims are read with Jackson rather than by hand: security checks should not parse JSON ad hoc.
 */
final class Hs256JwtAuthenticator implements BearerAuthenticator {
    private static final String ALGORITHM = "HS256";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretKeySpec key;
    private final Clock clock;

    Hs256JwtAuthenticator(String secret, Clock clock) {
        this.key = new SecretKeySpec(requireNonNull(secret, "secret is null").getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Optional<String> refusal(String credential) {
        requireNonNull(credential, "credential is null");
        String[] parts = credential.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.of("the bearer token is not a JWT (three base64url parts separated by dots)");
        }
        Optional<JsonNode> header = decode(parts[0]);
        Optional<JsonNode> claims = decode(parts[1]);
        if (header.isEmpty() || claims.isEmpty()) {
            return Optional.of("the bearer token is not a JWT (its header and claims must be base64url JSON objects)");
        }
        JsonNode algorithm = header.get().get("alg");
        if (algorithm == null || !algorithm.isTextual() || !algorithm.asText().equals(ALGORITHM)) {
            return Optional.of("the JWT must be signed with HS256");
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(parts[2]);
        }
        catch (IllegalArgumentException e) {
            return Optional.of("the JWT's signature is not base64url");
        }
        byte[] expected = sign(parts[0] + "." + parts[1]);
        if (!MessageDigest.isEqual(expected, signature)) {
            return Optional.of("the JWT's signature does not match this location's jwt_secret");
        }
        long now = clock.instant().getEpochSecond();
        Optional<Long> expires = seconds(claims.get(), "exp");
        Optional<Long> notBefore = seconds(claims.get(), "nbf");
        if (claims.get().has("exp") && expires.isEmpty() || claims.get().has("nbf") && notBefore.isEmpty()) {
            return Optional.of("the JWT's exp and nbf must be numbers of seconds since 1970");
        }
        if (expires.isPresent() && now >= expires.get()) {
            return Optional.of("the JWT expired at " + Instant.ofEpochSecond(expires.get()));
        }
        if (notBefore.isPresent() && now < notBefore.get()) {
            return Optional.of("the JWT is not valid before " + Instant.ofEpochSecond(notBefore.get()));
        }
        return Optional.empty();
    }

    private byte[] sign(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        }
        catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    private static Optional<JsonNode> decode(String part) {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(part));
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        }
        catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> seconds(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        return value != null && value.isNumber() ? Optional.of(value.asLong()) : Optional.empty();
    }
}
