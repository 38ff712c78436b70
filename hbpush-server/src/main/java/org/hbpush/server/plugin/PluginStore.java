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
 *
 * <p>Every request makes store calls, so the loader is switched without an instance per call.
 */
final class PluginStore implements Store {
    private final Store delegate;
    private final ClassLoader pluginClassLoader;

    PluginStore(Store delegate, ClassLoader pluginClassLoader) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.pluginClassLoader = requireNonNull(pluginClassLoader, "pluginClassLoader is null");
    }

    @Override
    public CompletionStage<ChannelInfo> createChannel(ChannelId channel) {
        ClassLoader previous = ThreadContextClassLoader.switchTo(pluginClassLoader);
        try {
            return delegate.createChannel(channel);
        }
        finally {
            ThreadContextClassLoader.restore(previous);
        }
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> channelInfo(ChannelId channel) {
        ClassLoader previous = ThreadContextClassLoader.switchTo(pluginClassLoader);
        try {
            return delegate.channelInfo(channel);
        }
        finally {
            ThreadContextClassLoader.restore(previous);
        }
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> deleteChannel(ChannelId channel) {
        ClassLoader previous = ThreadContextClassLoader.switchTo(pluginClassLoader);
        try {
            return delegate.deleteChannel(channel);
        }
        finally {
            ThreadContextClassLoader.restore(previous);
        }
    }

    @Override
    public CompletionStage<Optional<PostResult>> post(ChannelId channel, String contentType, ByteBuffer body, PostOptions options) {
        ClassLoader previous = ThreadContextClassLoader.switchTo(pluginClassLoader);
        try {
            return delegate.post(channel, contentType, body, options);
        }
        finally {
            ThreadContextClassLoader.restore(previous);
        }
    }

    @Override
    public CompletionStage<Optional<MessageLookup>> firstMessageAfter(ChannelId channel, MessageId after) {
        ClassLoader previous = ThreadContextClassLoader.switchTo(pluginClassLoader);
        try {
            return delegate.firstMessageAfter(channel, after);
        }
        finally {
            ThreadContextClassLoader.restore(previous);
        }
    }

    @Override
    public CompletionStage<Void> addWaitingSubscribers(ChannelId channel, int delta) {
        ClassLoader previous = ThreadContextClassLoader.switchTo(pluginClassLoader);
        try {
            return delegate.addWaitingSubscribers(channel, delta);
        }
        finally {
            ThreadContextClassLoader.restore(previous);
        }
    }

    @Override
    public CompletionStage<Void> claimChannel(ChannelId channel, String claimant) {
        ClassLoader previous = ThreadContextClassLoader.switchTo(pluginClassLoader);
        try {
            return delegate.claimChannel(channel, claimant);
        }
        finally {
            ThreadContextClassLoader.restore(previous);
        }
    }

    @Override
    public OptionalLong channelCount() {
        ClassLoader previous = ThreadContextClassLoader.switchTo(pluginClassLoader);
        try {
            return delegate.channelCount();
        }
        finally {
            ThreadContextClassLoader.restore(previous);
        }
    }

    @Override
    public OptionalLong storedMessageCount() {
        ClassLoader previous = ThreadContextClassLoader.switchTo(pluginClassLoader);
        try {
            return delegate.storedMessageCount();
        }
        finally {
            ThreadContextClassLoader.restore(previous);
        }
    }

    @Override
    public Registration listen(StoreListener listener) {
        ClassLoader previous = ThreadContextClassLoader.switchTo(pluginClassLoader);
        try {
            Registration registration = requireNonNull(delegate.listen(listener), "the store returned no registration");
            // Closing the registration is a call into the plugin as well.
            return () -> {
                ClassLoader beforeClosing = ThreadContextClassLoader.switchTo(pluginClassLoader);
                try {
                    registration.close();
                }
                finally {
                    ThreadContextClassLoader.restore(beforeClosing);
                }
            };
        }
        finally {
            ThreadContextClassLoader.restore(previous);
        }
    }

    @Override
    public void close() {
        ClassLoader previous = ThreadContextClassLoader.switchTo(pluginClassLoader);
        try {
            delegate.close();
        }
        finally {
            ThreadContextClassLoader.restore(previous);
        }
    }

    @Override
    public String toString() {
        return delegate + " in " + pluginClassLoader;
    }
}
