package org.hbpush.api;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The listeners registered with one store, and the telling of events to them: what
 * {@link Store#listen} and every event of a store need, ready to use.
 *
 * <p>Copy-on-write, since events are told far more often than listeners come and go. A listener
 * that throws is reported to the {@link FailureLog} and skipped, so it can neither keep the others
 * from hearing the event nor turn a stored message into a failed post. Tell events outside your
 * own locks.
 *
 * <pre>{@code
 * private final StoreListeners listeners = new StoreListeners(
 *         (listener, event, failure) -> log.warn("listener {} failed on {}", listener, event, failure));
 *
 * public Registration listen(StoreListener listener) {
 *     return listeners.add(listener);
 * }
 * ...
 * listeners.messagePosted(channel, PostedMessage.stored(message, previousId));
 * }</pre>
 */
public final class StoreListeners implements StoreListener {
    /** Where a listener that throws is reported. */
    @FunctionalInterface
    public interface FailureLog {
        /**
         * @param listener the listener that threw
         * @param event    the event, in words ("message 1795747130:0 of channel news")
         * @param failure  what it threw
         */
        void listenerFailed(StoreListener listener, String event, RuntimeException failure);
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final FailureLog failureLog;

    public StoreListeners(FailureLog failureLog) {
        this.failureLog = requireNonNull(failureLog, "failureLog is null");
    }

    /**
     * Registers a listener; closing the registration removes it. The same listener registered
     * twice hears every event twice, and each registration removes one.
     */
    public Registration add(StoreListener listener) {
        Entry entry = new Entry(requireNonNull(listener, "listener is null"));
        entries.add(entry);
        return entry;
    }

    @Override
    public void messagePosted(ChannelId channel, PostedMessage posted) {
        tell(listener -> listener.messagePosted(channel, posted), "message " + posted.id() + " of channel " + channel);
    }

    @Override
    public void channelDeleted(ChannelId channel) {
        tell(listener -> listener.channelDeleted(channel), "the deletion of channel " + channel);
    }

    @Override
    public void channelClaimed(ChannelId channel, String claimant) {
        tell(listener -> listener.channelClaimed(channel, claimant), "a claim of channel " + channel);
    }

    @Override
    public void eventsMayHaveBeenMissed() {
        tell(StoreListener::eventsMayHaveBeenMissed, "events that may have been missed");
    }

    /** Removes every listener: for a store that closes. */
    public void clear() {
        entries.clear();
    }

    private void tell(Consumer<StoreListener> event, String what) {
        for (Entry entry : entries) {
            try {
                event.accept(entry.listener);
            }
            catch (RuntimeException e) {
                failureLog.listenerFailed(entry.listener, what, e);
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
