package org.hbpush.store.file;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;

import static java.util.Objects.requireNonNull;

/**
 * One channel as the file store holds it in memory: its kept messages, the id of its newest
 * message and its count of waiting subscribers, behind one lock of its own. Readers answer from
 * here without touching the disk.
 *
 * <p>Only the store's I/O thread changes the messages and ids, after the channel's file has the
 * change; other threads read, and count waiting subscribers. A deleted channel answers empty, so
 * a reader that still holds it acts as if it were gone.
 */
final class StoredChannel {
    private final ChannelId id;
    private final Lock lock = new ReentrantLock();
    private final MessageLog messages = new MessageLog();
    // Kept apart from the log: once retention drops every message, the next id must still follow the last one given.
    private MessageId lastId = MessageId.BEFORE_ALL;
    private long waitingSubscribers;
    private boolean deleted;
    // Lines in the channel's file after its header; I/O thread only.
    private int fileLines;

    StoredChannel(ChannelId id) {
        this.id = requireNonNull(id, "id is null");
    }

    ChannelId id() {
        return id;
    }

    /** The id the next post gets, by {@link MessageId#following}. */
    MessageId nextId(long nowSeconds) {
        lock.lock();
        try {
            return MessageId.following(lastId, nowSeconds);
        }
        finally {
            lock.unlock();
        }
    }

    /** The id given before {@code id}, for the event that announces it. */
    MessageId lastId() {
        lock.lock();
        try {
            return lastId;
        }
        finally {
            lock.unlock();
        }
    }

    /** Replays one line of the channel's file, or records one just written: the log and the ids follow it. */
    void apply(JournalEntry entry) {
        requireNonNull(entry, "entry is null");
        lock.lock();
        try {
            if (entry instanceof JournalEntry.Ids ids) {
                lastId = later(lastId, ids.last());
                messages.restoreNewestDropped(ids.newestDropped());
            }
            else if (entry instanceof JournalEntry.Kept kept) {
                MessageId messageId = kept.entry().message().id();
                // Ids in one file only grow; an older one (two stores wrongly sharing a directory) is skipped, not fatal.
                if (messageId.isAfter(lastId)) {
                    messages.append(kept.entry());
                }
                lastId = later(lastId, messageId);
            }
            fileLines++;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * What a compacted file holds: every kept message, then the ids. The ids come last because
     * a replay skips a message that does not follow the last id it has read.
     */
    List<JournalEntry> compacted() {
        lock.lock();
        try {
            List<JournalEntry> entries = new ArrayList<>();
            for (MessageLog.Entry entry : messages.entries()) {
                entries.add(new JournalEntry.Kept(entry));
            }
            entries.add(new JournalEntry.Ids(lastId, messages.newestDropped()));
            return entries;
        }
        finally {
            lock.unlock();
        }
    }

    /** True when the file holds more lines than a rewrite would: mostly dropped or expired messages. */
    boolean worthCompacting() {
        lock.lock();
        try {
            return fileLines > 2 * messages.size() + 64;
        }
        finally {
            lock.unlock();
        }
    }

    /** After the file was rewritten from {@link #compacted()}. */
    void compactedTo(int lines) {
        lock.lock();
        try {
            fileLines = lines;
        }
        finally {
            lock.unlock();
        }
    }

    /** The first kept message after {@code after}; empty when the channel was deleted. */
    Optional<MessageLookup> firstMessageAfter(MessageId after, long nowMillis) {
        requireNonNull(after, "after is null");
        lock.lock();
        try {
            return deleted ? Optional.empty() : Optional.of(messages.firstAfter(after, nowMillis));
        }
        finally {
            lock.unlock();
        }
    }

    /** The channel's information; empty when the channel was deleted. */
    Optional<ChannelInfo> info(long nowMillis) {
        lock.lock();
        try {
            if (deleted) {
                return Optional.empty();
            }
            messages.dropExpired(nowMillis);
            return Optional.of(describe());
        }
        finally {
            lock.unlock();
        }
    }

    /** Drops expired messages from memory; the file forgets them at its next compaction. */
    void dropExpired(long nowMillis) {
        lock.lock();
        try {
            messages.dropExpired(nowMillis);
        }
        finally {
            lock.unlock();
        }
    }

    /** Changes the waiting-subscriber count, stopping at zero. Not kept on disk: waiting subscribers end with the process. */
    void addWaitingSubscribers(int delta) {
        lock.lock();
        try {
            if (!deleted) {
                waitingSubscribers = Math.max(0, waitingSubscribers + delta);
            }
        }
        finally {
            lock.unlock();
        }
    }

    /** Marks the channel deleted; the information from just before. */
    ChannelInfo delete() {
        lock.lock();
        try {
            ChannelInfo before = describe();
            deleted = true;
            return before;
        }
        finally {
            lock.unlock();
        }
    }

    private ChannelInfo describe() {
        Optional<MessageId> last = lastId.equals(MessageId.BEFORE_ALL) ? Optional.empty() : Optional.of(lastId);
        return new ChannelInfo(id, messages.size(), waitingSubscribers, last);
    }

    private static MessageId later(MessageId one, MessageId other) {
        return one.isAfter(other) ? one : other;
    }
}
