package org.hbpush.api;

/**
 * Told by a {@link Store} when a channel gets a message or is deleted, on any node that shares the
 * store's backend.
 *
 * <p>Calls may come on any thread, also on the thread that called {@link Store#post} before its
 * stage completes. They must return quickly and never block. For one channel, a store should tell
 * events in the order they happened; the server does not rely on it, since it reads the next
 * message from the store after each event.
 */
public interface StoreListener {
    /** A message with this id was stored in the channel. */
    void messagePosted(ChannelId channel, MessageId message);

    /** The channel and its messages were deleted. */
    void channelDeleted(ChannelId channel);
}
