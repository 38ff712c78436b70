package org.hbpush.server.plugin;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

import org.hbpush.api.PostOptions;
import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostResult;
import org.hbpush.api.Registration;
import org.hbpush.api.Store;
import org.hbpush.api.StoreListener;

import static java.util.Objects.requireNonNull;

/**
 * A store made by a plugin, called with the plugin's class loader as the thread context class
 * loader: a Redis or JDBC client may load classes lazily on the first call, long after
 * {@code create}. The listener's callbacks come from the plugin's threads and need nothing.
 */
// The ThreadContextClassLoader resources are used for their scope, never referenced: javac's "try" lint does not apply.
@SuppressWarnings("try")
final class PluginStore implements Store {
    private final Store delegate;
    private final ClassLoader pluginClassLoader;

    PluginStore(Store delegate, ClassLoader pluginClassLoader) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.pluginClassLoader = requireNonNull(pluginClassLoader, "pluginClassLoader is null");
    }

    @Override
    public CompletionStage<ChannelInfo> createChannel(ChannelId channel) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginClassLoader)) {
            return delegate.createChannel(channel);
        }
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> channelInfo(ChannelId channel) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginClassLoader)) {
            return delegate.channelInfo(channel);
        }
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> deleteChannel(ChannelId channel) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginClassLoader)) {
            return delegate.deleteChannel(channel);
        }
    }

    @Override
    public CompletionStage<Optional<PostResult>> post(ChannelId channel, String contentType, ByteBuffer body, PostOptions options) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginClassLoader)) {
            return delegate.post(channel, contentType, body, options);
        }
    }

    @Override
    public CompletionStage<Optional<MessageLookup>> firstMessageAfter(ChannelId channel, MessageId after) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginClassLoader)) {
            return delegate.firstMessageAfter(channel, after);
        }
    }

    @Override
    public CompletionStage<Void> addWaitingSubscribers(ChannelId channel, int delta) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginClassLoader)) {
            return delegate.addWaitingSubscribers(channel, delta);
        }
    }

    @Override
    public CompletionStage<Void> claimChannel(ChannelId channel, String claimant) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginClassLoader)) {
            return delegate.claimChannel(channel, claimant);
        }
    }

    @Override
    public OptionalLong channelCount() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginClassLoader)) {
            return delegate.channelCount();
        }
    }

    @Override
    public OptionalLong storedMessageCount() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginClassLoader)) {
            return delegate.storedMessageCount();
        }
    }

    @Override
    public Registration listen(StoreListener listener) {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginClassLoader)) {
            Registration registration = requireNonNull(delegate.listen(listener), "the store returned no registration");
            // Closing the registration is a call into the plugin as well.
            return () -> {
                try (ThreadContextClassLoader closing = new ThreadContextClassLoader(pluginClassLoader)) {
                    registration.close();
                }
            };
        }
    }

    @Override
    public void close() {
        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginClassLoader)) {
            delegate.close();
        }
    }

    @Override
    public String toString() {
        return delegate + " in " + pluginClassLoader;
    }
}
