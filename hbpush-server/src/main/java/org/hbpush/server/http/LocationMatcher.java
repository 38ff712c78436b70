package org.hbpush.server.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Decides whether a request path belongs to a location and, when it does, which part of the path
 * names the channel. Paths are matched still percent-encoded, as they came on the wire.
 */
public sealed interface LocationMatcher {
    /** The encoded channel-id part of the path, or empty when the path is not this location's. */
    Optional<String> encodedChannelId(String encodedPath);

    /** Everything after the prefix names the channel. */
    static LocationMatcher prefix(String prefix) {
        return new Prefix(prefix);
    }

    /**
     * The whole path must match the pattern; its only capture group names the channel (or the
     * check, on a health location). A pattern without a group (a stats location) yields "".
     */
    static LocationMatcher url(Pattern url) {
        return new Url(url);
    }

    record Prefix(String prefix) implements LocationMatcher {
        public Prefix {
            requireNonNull(prefix, "prefix is null");
        }

        @Override
        public Optional<String> encodedChannelId(String encodedPath) {
            if (!encodedPath.startsWith(prefix)) {
                return Optional.empty();
            }
            return Optional.of(encodedPath.substring(prefix.length()));
        }

        @Override
        public String toString() {
            return "prefix " + prefix;
        }
    }

    record Url(Pattern url) implements LocationMatcher {
        public Url {
            requireNonNull(url, "url is null");
            if (url.matcher("").groupCount() > 1) {
                throw new IllegalArgumentException("url must have at most one capture group: " + url);
            }
        }

        @Override
        public Optional<String> encodedChannelId(String encodedPath) {
            Matcher matcher = url.matcher(encodedPath);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            if (matcher.groupCount() == 0) {
                return Optional.of("");
            }
            return Optional.ofNullable(matcher.group(1));
        }

        @Override
        public String toString() {
            return "url " + url.pattern();
        }
    }
}
