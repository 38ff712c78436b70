package org.hbpush.api;

/**
 * Told by a {@link Store} when a channel gets a message or is deleted, on any node that shares the
 * store's backend.
 *
 * <p>Calls may come on any thread, also on the thread that called {@link Store#post} before its
 * stage completes. They must return quickly and never block. For one channel, a store should tell
 * events in the order they happened; the server does not rely on it: it hands a message over
 * from the event only to subscribers that want exactly that one ({@link PostedMessage#isNextAfter})
 * and reads the store for the others.
 */
public interface StoreListener {
    /** A message was posted to the channel (and stored, unless {@code posted.stored()} is false). */
    void messagePosted(ChannelId channel, PostedMessage posted);

    /** The channel and its messages were deleted. */
    void channelDeleted(ChannelId channel);

    /**
     * A subscriber claimed the channel through {@link Store#claimChannel}: subscribers held there
     * with an older claim ({@code claimant} compares greater than theirs) give way. Claims are
     * told on every node sharing the backend, in any order.
     */
    default void channelClaimed(ChannelId channel, String claimant) {
    }

    /**
     * Events may have been lost: the store's connection to a shared backend dropped and came back,
     * say. The listener then reads the store again for every subscriber it holds, so a message
     * posted meanwhile on another node still reaches them. A store tells this after it reconnects,
     * never instead of an event it knows about.
     */
    default void eventsMayHaveBeenMissed() {
    }
}
