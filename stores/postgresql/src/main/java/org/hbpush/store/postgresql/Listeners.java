package org.hbpush.store.postgresql;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.hbpush.api.ChannelId;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.Registration;
import org.hbpush.api.StoreListener;
import org.slf4j.Logger;

import static java.util.Objects.requireNonNull;

/**
 * The listeners of one store. Copy-on-write: events are told far more often than listeners come
 * and go. A listener that throws is logged and skipped, so it cannot keep the others from hearing
 * the event, nor turn a committed post into a failed one.
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
        tell(listener -> listener.messagePosted(channel, posted), "message " + posted.id() + " of channel " + channel);
    }

    void channelDeleted(ChannelId channel) {
        tell(listener -> listener.channelDeleted(channel), "the deletion of channel " + channel);
    }

    void channelClaimed(ChannelId channel, String claimant) {
        tell(listener -> listener.channelClaimed(channel, claimant), "a claim of channel " + channel);
    }

    void eventsMayHaveBeenMissed() {
        tell(StoreListener::eventsMayHaveBeenMissed, "events that may have been missed");
    }

    void clear() {
        entries.clear();
    }

    private void tell(Consumer<StoreListener> event, String what) {
        for (Entry entry : entries) {
            try {
                event.accept(entry.listener);
            }
            catch (RuntimeException e) {
                log.warn("listener {} failed on {}", entry.listener, what, e);
            }
        }
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
