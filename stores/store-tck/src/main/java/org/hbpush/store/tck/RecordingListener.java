package org.hbpush.store.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.hbpush.api.ChannelId;
import org.hbpush.api.MessageId;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.StoreListener;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * A listener that writes down every event, so a test can wait for one with a deadline instead
 * of sleeping.
 */
final class RecordingListener implements StoreListener {
    enum Kind { MESSAGE_POSTED, CHANNEL_DELETED }

    record Event(Kind kind, ChannelId channel, Optional<MessageId> message) {
        Event {
            requireNonNull(kind, "kind is null");
            requireNonNull(channel, "channel is null");
            requireNonNull(message, "message is null");
        }

        static Event posted(ChannelId channel, MessageId message) {
            return new Event(Kind.MESSAGE_POSTED, channel, Optional.of(message));
        }

        static Event deleted(ChannelId channel) {
            return new Event(Kind.CHANNEL_DELETED, channel, Optional.empty());
        }
    }

    private final List<Event> events = new ArrayList<>();
    private final List<PostedMessage> posted = new ArrayList<>();
    private final List<String> claims = new ArrayList<>();

    @Override
    public synchronized void messagePosted(ChannelId channel, PostedMessage posted) {
        events.add(Event.posted(channel, posted.id()));
        this.posted.add(posted);
        notifyAll();
    }

    @Override
    public synchronized void channelClaimed(ChannelId channel, String claimant) {
        claims.add(channel.toHex() + " " + claimant);
        notifyAll();
    }

    /** True when the claim was heard. */
    synchronized boolean heardClaim(ChannelId channel, String claimant) {
        return claims.contains(channel.toHex() + " " + claimant);
    }

    /** Waits until the claim was heard; fails naming {@code rule} when it is not heard in time. */
    synchronized void awaitClaim(ChannelId channel, String claimant, Duration timeout, String rule) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!heardClaim(channel, claimant)) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError(format("%s: expected a claim of %s by %s within %s", rule, channel, claimant, timeout));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for a claim", e);
            }
        }
    }

    @Override
    public synchronized void channelDeleted(ChannelId channel) {
        events.add(Event.deleted(channel));
        notifyAll();
    }

    /** Every messagePosted event heard so far, oldest first. */
    synchronized List<PostedMessage> postedMessages() {
        return List.copyOf(posted);
    }

    /** The posted event heard for this message id. */
    synchronized PostedMessage postedMessage(MessageId id) {
        return posted.stream().filter(event -> event.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no messagePosted event for " + id));
    }

    /** The events heard so far about this channel, oldest first. */
    synchronized List<Event> events(ChannelId channel) {
        return events.stream().filter(event -> event.channel().equals(channel)).toList();
    }

    /** Waits until {@code expected} was heard; fails naming {@code rule} when it is not heard in time. */
    synchronized void awaitEvent(Event expected, Duration timeout, String rule) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!events.contains(expected)) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError(format("%s: expected %s within %s, but heard only %s about that channel",
                        rule, expected, timeout, events(expected.channel())));
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + expected, e);
            }
        }
    }
}
