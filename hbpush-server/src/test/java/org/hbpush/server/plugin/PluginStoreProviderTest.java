package org.hbpush.server.plugin;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.hbpush.api.Retention;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.PostOptions;
import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.InvalidStoreOptionException;
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
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wrappers alone, around hand-written fakes: the plugin's loader is an empty stand-in. */
class PluginStoreProviderTest {
    private final ClassLoader pluginLoader = new URLClassLoader("plugin", new URL[0], null);
    private final List<String> calls = new ArrayList<>();
    private final StoreContext context = new TestStoreContext(Path.of("plugins", "recording"));

    @Test
    void everyStoreMethodReachesThePluginsStoreDefaultMethodsIncluded() throws NoSuchMethodException {
        // A Store method the decorator does not override would run the interface's default instead
        // of the plugin's own implementation.
        for (java.lang.reflect.Method method : org.hbpush.api.Store.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            assertThat(PluginStore.class.getDeclaredMethod(method.getName(), method.getParameterTypes()))
                    .as("PluginStore overrides " + method.getName())
                    .isNotNull();
        }
    }

    @Test
    void everyCallRunsWithThePluginLoaderAndRestoresTheCallersLoader() {
        ClassLoader callers = Thread.currentThread().getContextClassLoader();
        StoreProvider provider = new PluginStoreProvider(new RecordingStoreProvider(), "recording", pluginLoader);
        ChannelId channel = ChannelId.of("news");

        assertThat(provider.type()).isEqualTo("recording");
        assertThat(provider.options()).extracting(StoreOption::name).containsExactly("size");
        Store store = provider.create(new TestStoreOptions(), context);
        store.createChannel(channel);
        store.channelInfo(channel);
        store.post(channel, "text/plain", ByteBuffer.allocate(0), new PostOptions(false, Retention.DEFAULT));
        store.firstMessageAfter(channel, MessageId.BEFORE_ALL);
        store.addWaitingSubscribers(channel, -1);
        store.deleteChannel(channel);
        store.listen(new IgnoringListener()).close();
        store.close();

        assertThat(calls).containsExactly("options", "create", "createChannel", "channelInfo", "post", "firstMessageAfter",
                "addWaitingSubscribers", "deleteChannel", "listen", "registration.close", "close");
        assertThat(store).isInstanceOf(PluginStore.class);
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(callers);
    }

    @Test
    void exceptionsOfTheProviderPassThroughAndTheLoaderIsRestored() {
        ClassLoader callers = Thread.currentThread().getContextClassLoader();
        StoreProvider provider = new PluginStoreProvider(new RecordingStoreProvider(), "recording", pluginLoader);

        assertThatThrownBy(() -> provider.create(new BadOptions(), context))
                .isInstanceOf(InvalidStoreOptionException.class)
                .hasMessage("size: must be positive");
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(callers);
    }

    @Test
    void aProviderThatReturnsNoStoreIsNamed() {
        StoreProvider provider = new PluginStoreProvider(new NullStoreProvider(), "empty", pluginLoader);

        assertThatThrownBy(() -> provider.create(new TestStoreOptions(), context))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("store provider " + NullStoreProvider.class.getName() + " (type empty) returned no store");
    }

    private void called(String call) {
        assertThat(Thread.currentThread().getContextClassLoader()).as("context class loader during %s", call).isSameAs(pluginLoader);
        calls.add(call);
    }

    private final class RecordingStoreProvider implements StoreProvider {
        @Override
        public String type() {
            throw new AssertionError("the wrapper answers the type it was given");
        }

        @Override
        public List<StoreOption> options() {
            called("options");
            return List.of(StoreOption.of("size", "10", "how many"));
        }

        @Override
        public Store create(StoreOptions options, StoreContext context) {
            called("create");
            if (options instanceof BadOptions) {
                throw new InvalidStoreOptionException("size", "must be positive");
            }
            return new RecordingStore();
        }
    }

    private final class RecordingStore implements Store {
        @Override
        public CompletionStage<ChannelInfo> createChannel(ChannelId channel) {
            called("createChannel");
            return CompletableFuture.completedFuture(ChannelInfo.empty(channel));
        }

        @Override
        public CompletionStage<Optional<ChannelInfo>> channelInfo(ChannelId channel) {
            called("channelInfo");
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletionStage<Optional<ChannelInfo>> deleteChannel(ChannelId channel) {
            called("deleteChannel");
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletionStage<Optional<PostResult>> post(ChannelId channel, String contentType, ByteBuffer body, PostOptions options) {
            called("post");
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletionStage<Optional<MessageLookup>> firstMessageAfter(ChannelId channel, MessageId after) {
            called("firstMessageAfter");
            return CompletableFuture.completedFuture(Optional.empty());
        }

        @Override
        public CompletionStage<Void> addWaitingSubscribers(ChannelId channel, int delta) {
            called("addWaitingSubscribers");
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Registration listen(StoreListener listener) {
            called("listen");
            return () -> called("registration.close");
        }

        @Override
        public void close() {
            called("close");
        }
    }

    private static final class NullStoreProvider implements StoreProvider {
        @Override
        public String type() {
            return "empty";
        }

        @Override
        public List<StoreOption> options() {
            return List.of();
        }

        @Override
        public Store create(StoreOptions options, StoreContext context) {
            return null;
        }
    }

    private static final class BadOptions implements StoreOptions {
        @Override
        public Set<String> configuredKeys() {
            return Set.of("size");
        }

        @Override
        public Optional<String> optionalString(String key) {
            return Optional.of("-1");
        }
    }

    private static final class IgnoringListener implements StoreListener {
        @Override
        public void messagePosted(ChannelId channel, PostedMessage posted) {
        }

        @Override
        public void channelDeleted(ChannelId channel) {
        }
    }
}
