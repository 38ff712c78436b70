package org.hbpush.server.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One entry of {@code locations:}: a URL pattern that publishes to or subscribes from one store.
 * Locations are tried in file order; the first that matches a request answers it.
 *
 * <pre>
 * locations:
 *   - type: subscriber            # publisher or subscriber (required)
 *     prefix: /sub/               # everything after the prefix is the channel id
 *     polling: interval           # subscriber only: long (default) or interval
 *     store: redis1               # the store's name (default: default)
 *   - type: publisher
 *     url: /channel/(\d+)/pub/    # a regular expression whose one capture group is the channel id;
 *                                 # wins over prefix when both are given
 *     create_on_post: false       # publisher only: POST to an unknown channel is 404 until it is PUT (default true)
 *     max_message_size: 65536     # publisher only: the largest message body accepted, in bytes (default 1048576)
 *     message_buffer_length: 100  # publisher only: a channel keeps its newest N messages (default 1000)
 *     message_timeout: 600        # publisher only: seconds a message is kept, 0 for no limit (default 3600)
 *     store_messages: false       # publisher only: false keeps nothing, waiting subscribers only (default true)
 *     max_channel_id_length: 200  # the longest channel id, in bytes (default 1024)
 *     listener: internal          # the listener(s) it is served on: a name or a list (default: the first listener)
 * </pre>
 *
 * <p>Subscriber locations also take {@code subscriber_timeout} (see {@link SubscriberConfiguration}).
 *
 * <p>A subscriber location carries the publisher-only values at their defaults and the other way
 * round; they mean nothing there. Whether a location has a prefix or a url, whether its url has
 * exactly one group and whether its store exists is checked by {@link ConfigurationValidator}.
 *
 * @param index          the position in {@code locations:}, from 0, for messages ({@code locations[2].url})
 * @param type           publisher or subscriber
 * @param store          the name of the store it uses
 * @param prefix         the path prefix followed by the channel id (starts with {@code /}); as in py-hbpush,
 *                       a request path that starts with it and has more after it names the channel with the rest
 * @param url            the pattern of the whole request path (matched entirely, as py-hbpush's tornado routes
 *                       were), its one capture group being the channel id; wins over {@code prefix}
 * @param maxChannelIdLength the longest channel id accepted, in bytes once percent-decoded
 * @param publisher      what a publisher location does (its defaults on a subscriber location)
 * @param subscriber     what a subscriber location does (its defaults on a publisher location)
 * @param cors           {@code cors:}, the other origins whose pages may call it; empty for none
 * @param access         {@code allow} and {@code deny}: the client addresses it answers
 * @param authentication a publisher location's {@code auth:}: the bearer credential a request must carry; empty for none
 * @param listeners      {@code listener:}, the names of the listeners it is served on; empty for the default (first) one
 */
public record LocationConfiguration(
        int index,
        LocationType type,
        String store,
        Optional<String> prefix,
        Optional<Pattern> url,
        int maxChannelIdLength,
        PublisherConfiguration publisher,
        SubscriberConfiguration subscriber,
        Optional<CorsConfiguration> cors,
        AccessRules access,
        Optional<PublisherAuthentication> authentication,
        List<String> listeners) {
    /** {@code max_channel_id_length} when not given. */
    public static final int DEFAULT_MAX_CHANNEL_ID_LENGTH = 1024;

    public LocationConfiguration {
        requireNonNull(type, "type is null");
        requireNonNull(store, "store is null");
        requireNonNull(prefix, "prefix is null");
        requireNonNull(url, "url is null");
        requireNonNull(publisher, "publisher is null");
        requireNonNull(subscriber, "subscriber is null");
        requireNonNull(cors, "cors is null");
        requireNonNull(access, "access is null");
        requireNonNull(authentication, "authentication is null");
        listeners = List.copyOf(requireNonNull(listeners, "listeners is null"));
        if (index < 0) {
            throw new IllegalArgumentException("index is negative: " + index);
        }
        if (store.isEmpty()) {
            throw new IllegalArgumentException("store name is empty");
        }
        if (maxChannelIdLength < 1) {
            throw new IllegalArgumentException("maxChannelIdLength must be positive: " + maxChannelIdLength);
        }
    }

    /** A location on the default listener. */
    public LocationConfiguration(int index, LocationType type, String store, Optional<String> prefix, Optional<Pattern> url,
            int maxChannelIdLength, PublisherConfiguration publisher, SubscriberConfiguration subscriber, Optional<CorsConfiguration> cors,
            AccessRules access, Optional<PublisherAuthentication> authentication) {
        this(index, type, store, prefix, url, maxChannelIdLength, publisher, subscriber, cors, access, authentication, List.of());
    }

    /** A location open to every address, without authentication. */
    public LocationConfiguration(int index, LocationType type, String store, Optional<String> prefix, Optional<Pattern> url,
            int maxChannelIdLength, PublisherConfiguration publisher, SubscriberConfiguration subscriber, Optional<CorsConfiguration> cors) {
        this(index, type, store, prefix, url, maxChannelIdLength, publisher, subscriber, cors, AccessRules.ANYONE, Optional.empty());
    }

    /** A subscriber location on a prefix with the defaults (long polling, store {@code default}). */
    public static LocationConfiguration subscriber(int index, String prefix) {
        return new LocationConfiguration(index, LocationType.SUBSCRIBER, StoreConfiguration.DEFAULT_NAME,
                Optional.of(prefix), Optional.empty(), DEFAULT_MAX_CHANNEL_ID_LENGTH,
                PublisherConfiguration.DEFAULT, SubscriberConfiguration.DEFAULT, Optional.empty());
    }

    /** A publisher location on a prefix with the defaults (create on post, 1 MiB, store {@code default}). */
    public static LocationConfiguration publisher(int index, String prefix) {
        return new LocationConfiguration(index, LocationType.PUBLISHER, StoreConfiguration.DEFAULT_NAME,
                Optional.of(prefix), Optional.empty(), DEFAULT_MAX_CHANNEL_ID_LENGTH,
                PublisherConfiguration.DEFAULT, SubscriberConfiguration.DEFAULT, Optional.empty());
    }

    /** Where this location is in the file, for messages: {@code locations[2]}. */
    public String keyPath() {
        return "locations[" + index + "]";
    }

    /** The key path of one of its keys: {@code locations[2].url}. */
    public String keyPath(String key) {
        requireNonNull(key, "key is null");
        return keyPath() + "." + key;
    }
}
