package org.hbpush.server.subscription;

import org.hbpush.api.Message;
import org.hbpush.api.MessageId;

/**
 * A held long poll, seen from {@link WaitingSubscribers}: it waits for the first message after
 * {@link #after()} and is answered exactly once.
 *
 * <p>Every answering method returns {@code true} when it answered, {@code false} when the
 * subscriber had been answered already (by another event, by a disconnect, by shutdown), so racing
 * answers are harmless and only the first one counts.
 */
public interface WaitingSubscriber {
    /** The last message the subscriber has; it waits for the first one after it. */
    MessageId after();

    /** The subscriber's claim id: a subscriber held later has a greater one ({@link SubscriberIds}). */
    String id();

    /** True when the subscriber gives way to a newer one on its channel ({@code subscriber_concurrency: last}). */
    boolean yieldsToNewer();

    /** Answers that a newer subscriber took the channel (409 Conflict). */
    boolean supplanted();

    /** Answers with a message; {@code gap} says messages before it were dropped by retention. */
    boolean deliver(Message message, boolean gap);

    /** Answers that the channel was deleted (410 Gone). */
    boolean channelGone();

    /** Answers that the store failed while looking for the message (503). */
    boolean storeFailed(Throwable failure);

    /** Answers that the server is shutting down. */
    boolean serverStopping();
}
