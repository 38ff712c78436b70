package org.hbpush.server.metrics;

import org.hbpush.api.ChannelId;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.StoreListener;

import static java.util.Objects.requireNonNull;

/**
 * When the store's post event now being told on this thread reached this node: the start of the
 * publish-to-delivery latency. A held subscriber that wants exactly the posted message is answered
 * inside the event, on the same thread, so its delivery reads the start here without any map from
 * messages to times (the delivery path stays free of locks and allocations). For the memory store
 * the event is told while the post is stored, so the start is the moment the store accepted it;
 * for a shared store it is the moment its notification arrived on this node.
 */
final class PostEvents {
    /** {@link #started()} outside any post event. */
    static final long NOT_IN_EVENT = Long.MIN_VALUE;

    private static final ThreadLocal<Start> CURRENT = ThreadLocal.withInitial(Start::new);

    private PostEvents() {
    }

    /** The {@link System#nanoTime()} at which the post event being told on this thread started; {@link #NOT_IN_EVENT} outside one. */
    static long started() {
        return CURRENT.get().nanos;
    }

    /** A listener that marks the start of each post event before passing it on. */
    static StoreListener marking(StoreListener listener) {
        return new MarkingListener(listener);
    }

    /** Mutable, one per thread: setting a long allocates nothing. */
    private static final class Start {
        long nanos = NOT_IN_EVENT;
    }

    private static final class MarkingListener implements StoreListener {
        private final StoreListener delegate;

        MarkingListener(StoreListener delegate) {
            this.delegate = requireNonNull(delegate, "delegate is null");
        }

        @Override
        public void messagePosted(ChannelId channel, PostedMessage posted) {
            Start start = CURRENT.get();
            // A listener may post in turn (a store may tell events inside a call): keep the outer start.
            long outer = start.nanos;
            start.nanos = System.nanoTime();
            try {
                delegate.messagePosted(channel, posted);
            }
            finally {
                start.nanos = outer;
            }
        }

        @Override
        public void channelDeleted(ChannelId channel) {
            delegate.channelDeleted(channel);
        }

        @Override
        public void channelClaimed(ChannelId channel, String claimant) {
            delegate.channelClaimed(channel, claimant);
        }

        @Override
        public void eventsMayHaveBeenMissed() {
            delegate.eventsMayHaveBeenMissed();
        }
    }
}
