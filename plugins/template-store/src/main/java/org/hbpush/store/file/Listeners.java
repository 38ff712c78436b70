package org.hbpush.store.file;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hbpush.api.ChannelId;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.Registration;
import org.hbpush.api.StoreListener;
import org.slf4j.Logger;

import static java.util.Objects.requireNonNull;

/**
 * The listeners of one file store. Callers tell events after releasing the channel lock, so a
 * slow listener never holds up posts.
 *
 * <p>Copy-on-write: events are told far more often than listeners come and go. A listener that
 * throws is logged and skipped, so it cannot keep the others from hearing the event nor turn a
 * stored message into a failed post.
 */
final class Listeners {
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final Logger log;

    Listeners(Logger log) {
        this.log = requireNonNull(log, "log is null");
    }

    Registration add(StoreListener listener) {
        // An entry of its own, so the same listener registered twice is removed once per close.
        Entry entry = new Entry(requireNonNull(listener, "listener is null"));
        entries.add(entry);
        return entry;
    }

    void messagePosted(ChannelId channel, PostedMessage posted) {
        for (Entry entry : entries) {
            try {
                entry.listener.messagePosted(channel, posted);
            }
            catch (RuntimeException e) {
                log.warn("listener {} failed on message {} of channel {}", entry.listener, posted.id(), channel, e);
            }
        }
    }

    void channelClaimed(ChannelId channel, String claimant) {
        for (Entry entry : entries) {
            try {
                entry.listener.channelClaimed(channel, claimant);
            }
            catch (RuntimeException e) {
                log.warn("listener {} failed on a claim of channel {}", entry.listener, channel, e);
            }
        }
    }

    void channelDeleted(ChannelId channel) {
        for (Entry entry : entries) {
            try {
                entry.listener.channelDeleted(channel);
            }
            catch (RuntimeException e) {
                log.warn("listener {} failed on the deletion of channel {}", entry.listener, channel, e);
            }
        }
    }

    void clear() {
        entries.clear();
    }

    private final class Entry implements Registration {
        private final StoreListener listener;
        private final AtomicBoolean closed = new AtomicBoolean();

        Entry(StoreListener listener) {
            this.listener = listener;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                entries.remove(this);
            }
        }
    }
}
