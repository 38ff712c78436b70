package org.hbpush.server.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import org.hbpush.api.Retention;
import org.hbpush.server.config.ConfigNode.MappingNode;
import org.hbpush.server.config.ConfigNode.SequenceNode;

import static java.util.Objects.requireNonNull;

/**
 * Binds {@code locations:}, a list of location maps (see {@link LocationConfiguration} for the keys).
 * A key that only applies to the other location type is an error, so that a misplaced
 * {@code polling: interval} does not silently do nothing.
 */
final class LocationsBinder {
    private static final String PATH = "locations";

    static final String TYPE = "type";
    static final String STORE = "store";
    static final String PREFIX = "prefix";
    static final String URL = "url";
    static final String POLLING = "polling";
    static final String CREATE_ON_POST = "create_on_post";
    static final String MAX_MESSAGE_SIZE = "max_message_size";
    static final String MESSAGE_BUFFER_LENGTH = "message_buffer_length";
    static final String MESSAGE_TIMEOUT = "message_timeout";
    static final String STORE_MESSAGES = "store_messages";
    static final String SUBSCRIBER_TIMEOUT = "subscriber_timeout";
    static final String MAX_CHANNEL_ID_LENGTH = "max_channel_id_length";
    static final String CORS = "cors";
    static final String MULTIPLEX_SEPARATOR = "multiplex_separator";
    static final String SUBSCRIBER_CONCURRENCY = "subscriber_concurrency";
    static final String ALLOW = "allow";
    static final String DENY = "deny";
    static final String AUTH = "auth";
    static final String LISTENER = "listener";

    private static final List<String> KEYS = List.of(TYPE, STORE, PREFIX, URL, MAX_CHANNEL_ID_LENGTH, CORS, POLLING, SUBSCRIBER_TIMEOUT, MULTIPLEX_SEPARATOR, SUBSCRIBER_CONCURRENCY,
            CREATE_ON_POST, MAX_MESSAGE_SIZE, MESSAGE_BUFFER_LENGTH, MESSAGE_TIMEOUT, STORE_MESSAGES, ALLOW, DENY, AUTH, LISTENER);
    private static final Set<String> SUBSCRIBER_ONLY = Set.of(POLLING, SUBSCRIBER_TIMEOUT, MULTIPLEX_SEPARATOR, SUBSCRIBER_CONCURRENCY);
    private static final Set<String> PUBLISHER_ONLY = Set.of(CREATE_ON_POST, MAX_MESSAGE_SIZE,
            MESSAGE_BUFFER_LENGTH, MESSAGE_TIMEOUT, STORE_MESSAGES, AUTH);
    /** Keys about channels: meaningless on health and stats locations, which name none. */
    private static final Set<String> CHANNEL_ONLY = Set.of(STORE, MAX_CHANNEL_ID_LENGTH, CORS);

    private final ConfigurationProblems problems;
    private final NodeValues values;
    private final CorsBinder cors;
    private final AccessBinder access;

    /** @param environment the environment variables, for {@code ${NAME}} in secrets */
    LocationsBinder(ConfigurationProblems problems, Map<String, String> environment) {
        this.problems = requireNonNull(problems, "problems is null");
        this.values = new NodeValues(problems);
        this.cors = new CorsBinder(problems);
        this.access = new AccessBinder(problems, environment);
    }

    /** The locations that were written without fault, in file order; the problems name the others. */
    List<LocationConfiguration> bind(Optional<ConfigNode> locations) {
        if (locations.isEmpty()) {
            return ConfigurationLoader.defaultLocations();
        }
        if (!(locations.get() instanceof SequenceNode list)) {
            problems.add(PATH, "must be a list of locations, not " + locations.get().describe());
            return List.of();
        }
        if (list.elements().isEmpty()) {
            problems.add(PATH, "lists no location (leave it out for the default subscriber and publisher)");
            return List.of();
        }
        List<LocationConfiguration> bound = new ArrayList<>();
        for (int index = 0; index < list.elements().size(); index++) {
            bindLocation(index, list.elements().get(index)).ifPresent(bound::add);
        }
        return bound;
    }

    private Optional<LocationConfiguration> bindLocation(int index, ConfigNode node) {
        String path = PATH + "[" + index + "]";
        if (!(node instanceof MappingNode location)) {
            problems.add(path, "must be a map with a type (" + LocationType.choices() + "), not " + node.describe());
            return Optional.empty();
        }
        int before = problems.count();
        for (String key : location.entries().keySet()) {
            if (!KEYS.contains(key)) {
                problems.add(path + "." + key, Suggestions.unknownKey(key, KEYS));
            }
        }
        Optional<LocationType> type = type(location, path);
        type.ifPresent(known -> rejectKeysOfTheOtherType(location, path, known));

        String store = NodeValues.written(location, STORE)
                .flatMap(value -> values.nonEmptyText(value, path + "." + STORE))
                .orElse(StoreConfiguration.DEFAULT_NAME);
        Optional<String> prefix = NodeValues.written(location, PREFIX).flatMap(value -> prefix(value, path + "." + PREFIX));
        Optional<Pattern> url = NodeValues.written(location, URL).flatMap(value -> url(value, path + "." + URL));
        Polling polling = NodeValues.written(location, POLLING)
                .flatMap(value -> polling(value, path + "." + POLLING))
                .orElse(SubscriberConfiguration.DEFAULT.polling());
        long subscriberTimeout = NodeValues.written(location, SUBSCRIBER_TIMEOUT)
                .flatMap(value -> values.nonNegativeNumber(value, path + "." + SUBSCRIBER_TIMEOUT, "a whole number of seconds, 0 for no limit"))
                .orElse(SubscriberConfiguration.DEFAULT_TIMEOUT.toSeconds());
        long maxChannelIdLength = NodeValues.written(location, MAX_CHANNEL_ID_LENGTH)
                .flatMap(value -> values.positiveNumber(value, path + "." + MAX_CHANNEL_ID_LENGTH, "a whole number of bytes, at least 1"))
                .orElse((long) LocationConfiguration.DEFAULT_MAX_CHANNEL_ID_LENGTH);
        boolean createOnPost = NodeValues.written(location, CREATE_ON_POST)
                .flatMap(value -> values.bool(value, path + "." + CREATE_ON_POST))
                .orElse(PublisherConfiguration.DEFAULT.createOnPost());
        long maxMessageSize = NodeValues.written(location, MAX_MESSAGE_SIZE)
                .flatMap(value -> values.positiveNumber(value, path + "." + MAX_MESSAGE_SIZE, "a whole number of bytes, at least 1"))
                .orElse(PublisherConfiguration.DEFAULT_MAX_MESSAGE_SIZE);
        long bufferLength = NodeValues.written(location, MESSAGE_BUFFER_LENGTH)
                .flatMap(value -> values.positiveNumber(value, path + "." + MESSAGE_BUFFER_LENGTH, "a whole number of messages, at least 1"))
                .orElse((long) Retention.DEFAULT.maxMessages());
        long timeoutSeconds = NodeValues.written(location, MESSAGE_TIMEOUT)
                .flatMap(value -> values.nonNegativeNumber(value, path + "." + MESSAGE_TIMEOUT, "a whole number of seconds, 0 for no limit"))
                .orElse(Retention.DEFAULT.messageTimeout().toSeconds());
        Optional<String> multiplexSeparator = NodeValues.written(location, MULTIPLEX_SEPARATOR)
                .flatMap(value -> separator(value, path + "." + MULTIPLEX_SEPARATOR));
        SubscriberConcurrency concurrency = NodeValues.written(location, SUBSCRIBER_CONCURRENCY)
                .flatMap(value -> concurrency(value, path + "." + SUBSCRIBER_CONCURRENCY))
                .orElse(SubscriberConfiguration.DEFAULT.concurrency());
        Optional<CorsConfiguration> corsConfiguration = NodeValues.written(location, CORS)
                .flatMap(value -> cors.bind(value, path + "." + CORS));
        boolean storeMessages = NodeValues.written(location, STORE_MESSAGES)
                .flatMap(value -> values.bool(value, path + "." + STORE_MESSAGES))
                .orElse(Retention.DEFAULT.storeMessages());

        List<AddressRange> allow = NodeValues.written(location, ALLOW)
                .map(value -> access.ranges(value, path + "." + ALLOW))
                .orElse(List.of());
        List<AddressRange> deny = NodeValues.written(location, DENY)
                .map(value -> access.ranges(value, path + "." + DENY))
                .orElse(List.of());
        Optional<PublisherAuthentication> authentication = NodeValues.written(location, AUTH)
                .flatMap(value -> access.authentication(value, path + "." + AUTH));
        List<String> listeners = NodeValues.written(location, LISTENER)
                .map(value -> ListenersBinder.names(values, problems, value, path + "." + LISTENER))
                .orElse(List.of());

        if (problems.count() > before || type.isEmpty()) {
            return Optional.empty();
        }
        Retention retention = new Retention((int) Math.min(Integer.MAX_VALUE, bufferLength), Duration.ofSeconds(timeoutSeconds), storeMessages);
        return Optional.of(new LocationConfiguration(index, type.get(), store, prefix, url,
                (int) Math.min(Integer.MAX_VALUE, maxChannelIdLength),
                new PublisherConfiguration(createOnPost, maxMessageSize, retention),
                new SubscriberConfiguration(polling, Duration.ofSeconds(subscriberTimeout), multiplexSeparator, concurrency),
                corsConfiguration, new AccessRules(allow, deny), authentication, listeners));
    }

    private Optional<LocationType> type(MappingNode location, String path) {
        Optional<ConfigNode> written = NodeValues.written(location, TYPE);
        if (written.isEmpty()) {
            problems.add(path, "needs a type: " + LocationType.choices());
            return Optional.empty();
        }
        Optional<String> text = values.text(written.get(), path + "." + TYPE);
        Optional<LocationType> type = text.flatMap(LocationType::fromConfigurationName);
        if (text.isPresent() && type.isEmpty()) {
            problems.add(path + "." + TYPE, "must be " + LocationType.choices() + ", not " + Wording.quote(text.get()));
        }
        return type;
    }

    private void rejectKeysOfTheOtherType(MappingNode location, String path, LocationType type) {
        for (String key : location.entries().keySet()) {
            owners(key).filter(owners -> !owners.contains(type)).ifPresent(owners ->
                    problems.add(path + "." + key, "only applies to " + owners.stream().map(LocationType::configurationName)
                            .collect(Collectors.joining(" and ")) + " locations, this one is a " + type.configurationName()));
        }
    }

    /** The location types a key applies to; empty when it applies to every type. */
    private static Optional<List<LocationType>> owners(String key) {
        if (SUBSCRIBER_ONLY.contains(key)) {
            return Optional.of(List.of(LocationType.SUBSCRIBER));
        }
        if (PUBLISHER_ONLY.contains(key)) {
            return Optional.of(List.of(LocationType.PUBLISHER));
        }
        if (CHANNEL_ONLY.contains(key)) {
            return Optional.of(List.of(LocationType.PUBLISHER, LocationType.SUBSCRIBER));
        }
        return Optional.empty();
    }

    private Optional<SubscriberConcurrency> concurrency(ConfigNode value, String keyPath) {
        Optional<String> text = values.text(value, keyPath);
        Optional<SubscriberConcurrency> concurrency = text.flatMap(SubscriberConcurrency::fromConfigurationName);
        if (text.isPresent() && concurrency.isEmpty()) {
            problems.add(keyPath, "must be broadcast, last or first, not " + Wording.quote(text.get()));
        }
        return concurrency;
    }

    /** A separator that cannot be mistaken for part of a path: printable, and not / % ? #. */
    private Optional<String> separator(ConfigNode value, String keyPath) {
        Optional<String> separator = values.nonEmptyText(value, keyPath);
        if (separator.isPresent() && !separator.get().matches("[!$&'()*+,;=:@~|^-]+")) {
            problems.add(keyPath, Wording.quote(separator.get())
                    + " cannot separate channels in a path; use characters such as , ; + | ~ ! : @");
            return Optional.empty();
        }
        return separator;
    }

    private Optional<String> prefix(ConfigNode value, String keyPath) {
        Optional<String> prefix = values.text(value, keyPath);
        // request paths always start with a slash: any other prefix could never match
        if (prefix.isPresent() && !prefix.get().startsWith("/")) {
            problems.add(keyPath, Wording.quote(prefix.get()) + " must start with \"/\"");
            return Optional.empty();
        }
        return prefix;
    }

    private Optional<Pattern> url(ConfigNode value, String keyPath) {
        Optional<String> url = values.nonEmptyText(value, keyPath);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Pattern.compile(url.get()));
        }
        catch (PatternSyntaxException e) {
            String near = e.getIndex() >= 0 ? " near index " + e.getIndex() : "";
            problems.add(keyPath, Wording.quote(url.get()) + " is not a valid regular expression: " + e.getDescription() + near);
            return Optional.empty();
        }
    }

    private Optional<Polling> polling(ConfigNode value, String keyPath) {
        Optional<String> text = values.text(value, keyPath);
        Optional<Polling> polling = text.flatMap(Polling::fromConfigurationName);
        if (text.isPresent() && polling.isEmpty()) {
            problems.add(keyPath, "must be long or interval, not " + Wording.quote(text.get()));
        }
        return polling;
    }
}
