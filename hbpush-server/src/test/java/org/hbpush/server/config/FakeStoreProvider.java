package org.hbpush.server.config;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.hbpush.api.PostOptions;
import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostResult;
import org.hbpush.api.Registration;
import org.hbpush.api.Store;
import org.hbpush.api.StoreContext;
import org.hbpush.api.StoreListener;
import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreOptions;
import org.hbpush.api.StoreProvider;

import static java.util.Objects.requireNonNull;

/**
 * A provider that only declares options and reads them in {@link #create}, the way real plugins
 * do, so that option checking can be tested without Redis or plugin directories.
 */
final class FakeStoreProvider implements StoreProvider {
    private final String type;
    private final List<StoreOption> options;

    private FakeStoreProvider(String type, List<StoreOption> options) {
        this.type = requireNonNull(type, "type is null");
        this.options = List.copyOf(requireNonNull(options, "options is null"));
    }

    /** {@code memory}: no options. */
    static FakeStoreProvider memory() {
        return new FakeStoreProvider("memory", List.of());
    }

    /** {@code redis}: host, port, database and key_prefix with the defaults of PROTOCOL.md. */
    static FakeStoreProvider redis() {
        return new FakeStoreProvider("redis", List.of(
                StoreOption.of("host", "localhost", "the Redis server's host name"),
                StoreOption.of("port", "6379", "the Redis server's port"),
                StoreOption.of("database", "0", "the database index to select"),
                StoreOption.of("key_prefix", "", "prepended to channel ids to make Redis keys")));
    }

    /** Both fakes, by type, as the plugin loader hands them over. */
    static Map<String, StoreProvider> memoryAndRedis() {
        Map<String, StoreProvider> providers = new LinkedHashMap<>();
        providers.put("memory", memory());
        providers.put("redis", redis());
        return providers;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public List<StoreOption> options() {
        return options;
    }

    /** Reads every declared option with the getter a real store would use, so bad values raise here. */
    @Override
    public Store create(StoreOptions storeOptions, StoreContext context) {
        Map<String, String> read = new LinkedHashMap<>();
        for (StoreOption option : options) {
            Object value = switch (option.name()) {
                case "port", "database" -> storeOptions.integer(option.name());
                default -> storeOptions.string(option.name());
            };
            read.put(option.name(), String.valueOf(value));
        }
        return new FakeStore(read);
    }

    /** A store that only remembers the options it was made with. */
    record FakeStore(Map<String, String> options) implements Store {
        @Override
        public CompletionStage<ChannelInfo> createChannel(ChannelId channel) {
            throw new UnsupportedOperationException("fake");
        }

        @Override
        public CompletionStage<Optional<ChannelInfo>> channelInfo(ChannelId channel) {
            throw new UnsupportedOperationException("fake");
        }

        @Override
        public CompletionStage<Optional<ChannelInfo>> deleteChannel(ChannelId channel) {
            throw new UnsupportedOperationException("fake");
        }

        @Override
        public CompletionStage<Optional<PostResult>> post(ChannelId channel, String contentType, ByteBuffer body, PostOptions options) {
            throw new UnsupportedOperationException("fake");
        }

        @Override
        public CompletionStage<Optional<MessageLookup>> firstMessageAfter(ChannelId channel, MessageId after) {
            throw new UnsupportedOperationException("fake");
        }

        @Override
        public CompletionStage<Void> addWaitingSubscribers(ChannelId channel, int delta) {
            throw new UnsupportedOperationException("fake");
        }

        @Override
        public Registration listen(StoreListener listener) {
            throw new UnsupportedOperationException("fake");
        }

        @Override
        public void close() {
        }
    }
}
