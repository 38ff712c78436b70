package org.hbpush.store.memory;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostResult;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.Retention;

import static java.util.Objects.requireNonNull;

/**
 * One channel of the memory store: its messages, its count of waiting subscribers and the id of
 * its newest message, all guarded by one lock of its own so channels never wait for each other.
 *
 * <p>A channel is deleted once and for all: {@link MemoryStore} then drops it from its map, but a
 * caller may still hold it. Every method therefore answers empty on a deleted channel, and the
 * store retries with whatever channel the map holds by then; so a post racing a delete never
 * appends to a channel nobody will read again.
 */
final class MemoryChannel {
    /** The answer of {@link #firstMessageAfter} with nothing newer, every held poll's: one shared Optional for all. */
    static final Optional<MessageLookup> NOTHING_NEWER = Optional.of(MessageLookup.nothingNewer());

    private final ChannelId id;
    private final Clock clock;
    private final Lock lock = new ReentrantLock();
    private final MessageLog messages = new MessageLog();
    // Kept apart from the log: once retention drops old messages, the log may be empty while
    // the next id must still follow the last one given.
    private MessageId lastId = MessageId.BEFORE_ALL;
    private long waitingSubscribers;
    // When a request last touched the channel: an empty channel nobody uses is reclaimed after a while.
    private long lastTouchedMillis;
    private boolean deleted;

    MemoryChannel(ChannelId id, Clock clock) {
        this.id = requireNonNull(id, "id is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.lastTouchedMillis = clock.millis();
    }

    /** A message given an id, and the event that announces it. */
    record Appended(PostResult result, PostedMessage event) {
    }

    /**
     * Gives a message the next id and keeps it as {@code retention} says; empty when the channel
     * was deleted.
     */
    Optional<Appended> append(String contentType, ByteBuffer body, Retention retention) {
        requireNonNull(contentType, "contentType is null");
        requireNonNull(body, "body is null");
        requireNonNull(retention, "retention is null");
        lock.lock();
        try {
            lastTouchedMillis = clock.millis();
            if (deleted) {
                return Optional.empty();
            }
            // Read under the lock, so the clock reading and the id it yields are in post order.
            long now = clock.millis();
            MessageId previous = lastId;
            MessageId next = MessageId.following(previous, Math.floorDiv(now, 1000));
            Message message = new Message(next, contentType, body);
            if (retention.storeMessages()) {
                messages.append(message, retention, now);
            }
            lastId = next;
            PostedMessage event = new PostedMessage(next, previous, Optional.of(message), retention.storeMessages());
            return Optional.of(new Appended(new PostResult(message, describe()), event));
        }
        finally {
            lock.unlock();
        }
    }

    /** Drops the messages whose time is up. */
    void dropExpired() {
        lock.lock();
        try {
            messages.dropExpired(clock.millis());
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Deletes the channel when it holds no message, nobody waits on it and no request touched it
     * for {@code idle}: so a server left alone after a burst returns to its idle memory.
     *
     * @return true when the channel was reclaimed
     */
    boolean reclaimIfIdle(Duration idle) {
        lock.lock();
        try {
            long now = clock.millis();
            messages.dropExpired(now);
            if (deleted || !messages.isEmpty() || waitingSubscribers > 0 || now - lastTouchedMillis < idle.toMillis()) {
                return false;
            }
            deleted = true;
            return true;
        }
        finally {
            lock.unlock();
        }
    }

    /** The first stored message after {@code after}; empty when the channel was deleted. */
    Optional<MessageLookup> firstMessageAfter(MessageId after) {
        requireNonNull(after, "after is null");
        lock.lock();
        try {
            lastTouchedMillis = clock.millis();
            if (deleted) {
                return Optional.empty();
            }
            MessageLookup lookup = messages.firstAfter(after, clock.millis());
            return lookup.message().isEmpty() ? NOTHING_NEWER : Optional.of(lookup);
        }
        finally {
            lock.unlock();
        }
    }

    /** The channel's information; empty when the channel was deleted. */
    Optional<ChannelInfo> info() {
        lock.lock();
        try {
            lastTouchedMillis = clock.millis();
            if (deleted) {
                return Optional.empty();
            }
            messages.dropExpired(clock.millis());
            return Optional.of(describe());
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Changes the waiting-subscriber count, stopping at zero; false when the channel was deleted.
     * Nobody reads the count back here, so no channel information is made for it.
     */
    boolean addWaitingSubscribers(int delta) {
        lock.lock();
        try {
            lastTouchedMillis = clock.millis();
            if (deleted) {
                return false;
            }
            waitingSubscribers = Math.max(0, waitingSubscribers + delta);
            return true;
        }
        finally {
            lock.unlock();
        }
    }

    /** Marks the channel deleted; the information from just before, or empty when it already was. */
    Optional<ChannelInfo> delete() {
        lock.lock();
        try {
            if (deleted) {
                return Optional.empty();
            }
            ChannelInfo before = describe();
            deleted = true;
            return Optional.of(before);
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * The messages kept now, without touching the channel (a metrics scrape is no use of it);
     * expired ones count until a sweep or a request drops them; 0 once deleted.
     */
    int storedMessages() {
        lock.lock();
        try {
            return deleted ? 0 : messages.size();
        }
        finally {
            lock.unlock();
        }
    }

    ChannelId id() {
        return id;
    }

    private ChannelInfo describe() {
        Optional<MessageId> last = lastId.equals(MessageId.BEFORE_ALL) ? Optional.empty() : Optional.of(lastId);
        return new ChannelInfo(id, messages.size(), waitingSubscribers, last);
    }
}
