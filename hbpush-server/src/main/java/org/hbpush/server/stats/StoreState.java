package org.hbpush.server.stats;

import static java.util.Objects.requireNonNull;

/**
 * The long polls one store's channels hold on this node, now.
 *
 * @param store              the store's name
 * @param type               its type ({@code memory}, {@code redis}, ...)
 * @param waitingSubscribers long polls held on this node
 * @param channels           channels with at least one of them
 */
public record StoreState(String store, String type, long waitingSubscribers, long channels) {
    public StoreState {
        requireNonNull(store, "store is null");
        requireNonNull(type, "type is null");
        if (waitingSubscribers < 0 || channels < 0) {
            throw new IllegalArgumentException("negative count: " + waitingSubscribers + ", " + channels);
        }
    }
}
