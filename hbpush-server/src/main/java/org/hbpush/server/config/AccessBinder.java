package org.hbpush.server.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hbpush.server.config.ConfigNode.MappingNode;
import org.hbpush.server.config.ConfigNode.ScalarNode;
import org.hbpush.server.config.ConfigNode.SequenceNode;

import static java.util.Objects.requireNonNull;

/**
 * Binds who may use a location: its {@code allow} and {@code deny} lists of address ranges, and a
 * publisher location's {@code auth:} section. Messages about secrets never quote them.
 */
final class AccessBinder {
    static final String TOKEN = "token";
    static final String JWT_SECRET = "jwt_secret";
    private static final List<String> AUTH_KEYS = List.of(TOKEN, JWT_SECRET);

    private final ConfigurationProblems problems;
    private final NodeValues values;
    private final EnvironmentValues environment;

    AccessBinder(ConfigurationProblems problems, Map<String, String> environment) {
        this.problems = requireNonNull(problems, "problems is null");
        this.values = new NodeValues(problems);
        this.environment = new EnvironmentValues(environment, problems);
    }

    /** A list of address ranges ({@code [10.0.0.0/8, "::1"]}); a single range may be written without the list. */
    List<AddressRange> ranges(ConfigNode node, String path) {
        List<ConfigNode> elements;
        if (node instanceof SequenceNode list) {
            elements = list.elements();
        }
        else if (node instanceof ScalarNode) {
            elements = List.of(node);
        }
        else {
            problems.add(path, "must be a list of address ranges such as 10.0.0.0/8 or ::1, not " + node.describe());
            return List.of();
        }
        List<AddressRange> ranges = new ArrayList<>();
        for (int index = 0; index < elements.size(); index++) {
            String elementPath = node instanceof SequenceNode ? path + "[" + index + "]" : path;
            values.nonEmptyText(elements.get(index), elementPath).ifPresent(text -> {
                Optional<AddressRange> range = AddressRange.parse(text);
                if (range.isEmpty()) {
                    problems.add(elementPath, Wording.quote(text)
                            + " is not an address range; write an IPv4 or IPv6 address, optionally with /prefix-length (10.0.0.0/8, 2001:db8::/32)");
                }
                range.ifPresent(ranges::add);
            });
        }
        return ranges;
    }

    Optional<PublisherAuthentication> authentication(ConfigNode node, String path) {
        if (!(node instanceof MappingNode auth)) {
            problems.add(path, "must be a map with token or jwt_secret, not " + node.describe());
            return Optional.empty();
        }
        int before = problems.count();
        for (String key : auth.entries().keySet()) {
            if (!AUTH_KEYS.contains(key)) {
                problems.add(path + "." + key, Suggestions.unknownKey(key, AUTH_KEYS));
            }
        }
        Optional<ConfigNode> token = NodeValues.written(auth, TOKEN);
        Optional<ConfigNode> jwtSecret = NodeValues.written(auth, JWT_SECRET);
        if (token.isPresent() == jwtSecret.isPresent()) {
            problems.add(path, token.isPresent()
                    ? "takes token or jwt_secret, not both"
                    : "needs token (a shared secret) or jwt_secret (the HS256 key of the JWTs publishers send)");
            return Optional.empty();
        }
        PublisherAuthentication.Scheme scheme = token.isPresent() ? PublisherAuthentication.Scheme.TOKEN : PublisherAuthentication.Scheme.JWT;
        String keyPath = path + "." + (token.isPresent() ? TOKEN : JWT_SECRET);
        Optional<String> secret = values.text(token.orElseGet(jwtSecret::get), keyPath)
                .flatMap(text -> environment.expand(text, keyPath));
        if (secret.isPresent() && secret.get().isEmpty()) {
            problems.add(keyPath, "must not be empty");
            return Optional.empty();
        }
        if (secret.isPresent() && scheme == PublisherAuthentication.Scheme.JWT
                && secret.get().getBytes(StandardCharsets.UTF_8).length < PublisherAuthentication.MIN_JWT_SECRET_BYTES) {
            problems.add(keyPath, "must be at least " + PublisherAuthentication.MIN_JWT_SECRET_BYTES
                    + " bytes long (an HS256 key as long as the hash, RFC 7518 section 3.2)");
            return Optional.empty();
        }
        if (problems.count() > before) {
            return Optional.empty();
        }
        return secret.map(value -> new PublisherAuthentication(scheme, value));
    }
}
