package org.hbpush.server;

import org.hbpush.api.Store;
import org.hbpush.server.subscription.LastRequests;
import org.hbpush.server.subscription.WaitingSubscribers;

import static java.util.Objects.requireNonNull;

/**
 * A configured store, opened: the store itself and the long polls held on its channels.
 *
 * @param name        its name in the configuration
 * @param type        its type ({@code memory}, {@code redis}, ...)
 * @param plugin      the plugin that provides the type, for log lines
 * @param store       the store
 * @param subscribers the long polls held on it by this server
 * @param lastRequests when subscribers last asked for its channels, on this node
 */
record OpenStore(String name, String type, String plugin, Store store, WaitingSubscribers subscribers, LastRequests lastRequests) {
    OpenStore {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        requireNonNull(plugin, "plugin is null");
        requireNonNull(store, "store is null");
        requireNonNull(subscribers, "subscribers is null");
        requireNonNull(lastRequests, "lastRequests is null");
    }

    @Override
    public String toString() {
        return name + " (" + type + ", plugin " + plugin + ")";
    }
}
