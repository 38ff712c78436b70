package org.hbpush.store.tck;

import org.hbpush.api.StoreProvider;

/**
 * An ability a store may have beyond the contract every store keeps. A store's contract test
 * declares its abilities with {@link StoreContractTest#capabilities()}; the suite then checks the
 * promise of each declared one, and for each one not declared it checks the honest opposite, so
 * a store cannot pass by omission.
 *
 * <pre>{@code
 * @Override
 * protected Set<StoreCapability> capabilities() {
 *     return EnumSet.of(StoreCapability.SHARED_ACROSS_NODES, StoreCapability.DURABLE);
 * }
 * }</pre>
 *
 * New constants may be added in later versions; a store that does not declare one is checked for
 * the opposite, so read the release notes when upgrading the suite.
 */
public enum StoreCapability {
    /**
     * Stores made by several {@link StoreProvider#create} calls on the same options behave as one
     * store used by several hbpushd nodes: each sees the channels and messages of the others, ids
     * given by any of them never collide and never go backwards, listeners of each hear the posts
     * and deletes made through any of them, and waiting-subscriber counts add up across them.
     *
     * <p>Without it, each store instance is independent: a channel made through one is unknown to
     * another, and listeners hear only their own instance's events.
     */
    SHARED_ACROSS_NODES,

    /**
     * Messages outlive the store instance: after every store made on the options was closed, a
     * new store made on the same options holds the same channels and messages, and continues
     * their ids.
     *
     * <p>Without it, a new store made after the others were closed starts empty.
     */
    DURABLE,
}
