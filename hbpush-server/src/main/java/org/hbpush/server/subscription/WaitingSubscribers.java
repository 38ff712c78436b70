package org.hbpush.server.subscription;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hbpush.api.ChannelId;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.Registration;
import org.hbpush.api.Store;
import org.hbpush.api.StoreListener;
import org.hbpush.server.subscription.ChannelWaiters.Place;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * The long polls held on the channels of one store, woken by the store's events.
 *
 * <p>A subscriber is registered <em>before</em> the store is asked once more for a message after
 * its id: a message stored before that second read is found by it, and one stored after it raises
 * an event that finds the subscriber registered. Either way no wake-up is lost. An event hands its
 * message straight to the subscribers that want exactly that message (they have its predecessor);
 * the others read the store again, one read per distinct last-message id, so events need not
 * carry messages nor arrive in order.
 *
 * <p>The store counts held subscribers through {@link Store#addWaitingSubscribers}, which is how a
 * publisher learns (201 or 202) that somebody got its message, on this node or another.
 */
public final class WaitingSubscribers implements StoreListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WaitingSubscribers.class);

    private final Store store;
    private final Map<ChannelId, ChannelWaiters> channels = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean claimsStayLocal = new AtomicBoolean();
    private final Registration storeEvents;

    public WaitingSubscribers(Store store) {
        this.store = requireNonNull(store, "store is null");
        this.storeEvents = store.listen(this);
    }

    /**
     * Holds a subscriber that found nothing newer than its id, until a message arrives, the
     * channel is deleted, or the server stops.
     *
     * @return a registration that lets go of the subscriber without answering it (the client left)
     */
    public Registration hold(ChannelId channel, WaitingSubscriber subscriber) {
        requireNonNull(channel, "channel is null");
        requireNonNull(subscriber, "subscriber is null");
        Place[] placed = new Place[1];
        channels.compute(channel, (id, waiters) -> {
            ChannelWaiters held = waiters == null ? new ChannelWaiters() : waiters;
            placed[0] = held.add(subscriber);
            return held;
        });
        Place place = placed[0];
        if (stopping.get()) {
            // Shutdown may have swept the channels before this subscriber was added.
            if (subscriber.serverStopping()) {
                release(channel, place, false);
            }
            return () -> { };
        }
        logFailure(store.addWaitingSubscribers(channel, 1), "count a waiting subscriber on", channel);
        CompletionStage<Optional<MessageLookup>> lookup = store.firstMessageAfter(channel, subscriber.after());
        if (SucceededStages.succeeded(lookup)) {
            answerIfReady(channel, place, SucceededStages.value(lookup), null);
        }
        else {
            lookup.whenComplete((found, failure) -> answerIfReady(channel, place, found, failure));
        }
        return () -> release(channel, place, true);
    }

    /** The number of subscribers held on the channel by this server. */
    public int heldOn(ChannelId channel) {
        ChannelWaiters waiters = channels.get(channel);
        return waiters == null ? 0 : waiters.size();
    }

    /** The number of subscribers held by this server on all channels of the store (a moment's count, for stats). */
    public long held() {
        long held = 0;
        for (ChannelWaiters waiters : channels.values()) {
            held += waiters.size();
        }
        return held;
    }

    /** The number of channels on which this server holds at least one subscriber. */
    public long channelsWithHeld() {
        return channels.size();
    }

    @Override
    public void messagePosted(ChannelId channel, PostedMessage posted) {
        ChannelWaiters waiters = channels.get(channel);
        if (waiters == null) {
            return;
        }
        List<Place> held = waiters.snapshot();
        boolean othersWait = false;
        List<Place> handedOver = new ArrayList<>();
        for (Place place : held) {
            MessageId after = place.subscriber.after();
            if (posted.isNextAfter(after)) {
                handedOver.add(place);
            }
            else if (after.compareTo(posted.id()) < 0) {
                othersWait = true;
            }
        }
        deliver(channel, handedOver, posted.message().orElse(null));
        if (othersWait && waiters.requestWake()) {
            wake(channel, waiters);
        }
    }

    /**
     * Hands the message to the subscribers that want exactly it, without reading the store, and
     * counts them down in one change of the store's count (one round trip for a shared store,
     * however large the crowd).
     */
    private void deliver(ChannelId channel, List<Place> places, Message message) {
        if (places.isEmpty()) {
            return;
        }
        List<Place> answered = new ArrayList<>(places.size());
        for (Place place : places) {
            if (place.subscriber.deliver(message, false)) {
                answered.add(place);
            }
        }
        releaseAll(channel, answered);
    }

    @Override
    public void channelDeleted(ChannelId channel) {
        ChannelWaiters waiters = channels.remove(channel);
        if (waiters == null) {
            return;
        }
        // The store dropped the channel and its count with it: nothing to subtract.
        for (Place place : waiters.snapshot()) {
            place.subscriber.channelGone();
        }
    }

    /**
     * Makes the subscriber the only one on the channel ({@code subscriber_concurrency: last}): the
     * subscribers held there before it, on every node, give way. A store that cannot tell other
     * nodes makes the claim hold on this node only.
     */
    public void claim(ChannelId channel, WaitingSubscriber subscriber) {
        store.claimChannel(channel, subscriber.id()).whenComplete((ignored, failure) -> {
            if (failure == null) {
                return;
            }
            if (unwrap(failure) instanceof UnsupportedOperationException) {
                if (claimsStayLocal.compareAndSet(false, true)) {
                    log.warn("this store does not tell other nodes of claims: subscriber_concurrency: last holds on this node only");
                }
                channelClaimed(channel, subscriber.id());
                return;
            }
            log.debug("could not claim channel {}: {}", channel, failure.toString());
        });
    }

    @Override
    public void channelClaimed(ChannelId channel, String claimant) {
        ChannelWaiters waiters = channels.get(channel);
        if (waiters == null) {
            return;
        }
        for (Place place : waiters.snapshot()) {
            WaitingSubscriber subscriber = place.subscriber;
            if (subscriber.yieldsToNewer() && subscriber.id().compareTo(claimant) < 0 && subscriber.supplanted()) {
                release(channel, place, true);
            }
        }
    }

    @Override
    public void eventsMayHaveBeenMissed() {
        // Every held subscriber reads the store again: what it missed is stored there.
        channels.forEach((channel, waiters) -> {
            if (waiters.requestWake()) {
                wake(channel, waiters);
            }
        });
    }

    /** Answers every held subscriber that the server is stopping, and every one held from now on. */
    public void stopHolding() {
        stopping.set(true);
        for (Map.Entry<ChannelId, ChannelWaiters> entry : channels.entrySet()) {
            for (Place place : entry.getValue().snapshot()) {
                if (place.subscriber.serverStopping()) {
                    release(entry.getKey(), place, true);
                }
            }
        }
    }

    @Override
    public void close() {
        storeEvents.close();
    }

    private void wake(ChannelId channel, ChannelWaiters waiters) {
        int served = waiters.pendingWakeRequests();
        Map<MessageId, List<Place>> groups = waiters.groupedByLastMessage();
        CompletableFuture<?>[] reads = new CompletableFuture<?>[groups.size()];
        int index = 0;
        for (Map.Entry<MessageId, List<Place>> group : groups.entrySet()) {
            reads[index++] = store.firstMessageAfter(channel, group.getKey())
                    .handle((lookup, failure) -> {
                        for (Place place : group.getValue()) {
                            answerIfReady(channel, place, lookup, failure);
                        }
                        return null;
                    })
                    .toCompletableFuture();
        }
        CompletableFuture.allOf(reads).whenComplete((ignored, failure) -> {
            if (waiters.finishWake(served)) {
                wake(channel, waiters);
            }
        });
    }

    private void answerIfReady(ChannelId channel, Place place, Optional<MessageLookup> lookup, Throwable failure) {
        WaitingSubscriber subscriber = place.subscriber;
        if (failure != null) {
            if (subscriber.storeFailed(failure)) {
                release(channel, place, true);
            }
            return;
        }
        if (lookup.isEmpty()) {
            // Deleted between the first read and the hold; the deletion event may have come first.
            if (subscriber.channelGone()) {
                release(channel, place, false);
            }
            return;
        }
        lookup.get().message().ifPresent(message -> {
            if (subscriber.deliver(message, lookup.get().gap())) {
                release(channel, place, true);
            }
        });
    }

    private void release(ChannelId channel, Place place, boolean countDown) {
        boolean[] removed = new boolean[1];
        channels.computeIfPresent(channel, (id, waiters) -> {
            removed[0] = waiters.remove(place);
            return waiters.isEmpty() ? null : waiters;
        });
        if (removed[0] && countDown) {
            logFailure(store.addWaitingSubscribers(channel, -1), "uncount a waiting subscriber on", channel);
        }
    }

    /** Lets go of answered subscribers together: one change of the store's count for all of them. */
    private void releaseAll(ChannelId channel, List<Place> places) {
        if (places.isEmpty()) {
            return;
        }
        int[] removed = new int[1];
        channels.computeIfPresent(channel, (id, waiters) -> {
            for (Place place : places) {
                if (waiters.remove(place)) {
                    removed[0]++;
                }
            }
            return waiters.isEmpty() ? null : waiters;
        });
        if (removed[0] > 0) {
            logFailure(store.addWaitingSubscribers(channel, -removed[0]), "uncount waiting subscribers on", channel);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static void logFailure(CompletionStage<Void> stage, String action, ChannelId channel) {
        if (SucceededStages.succeeded(stage)) {
            return;
        }
        stage.whenComplete((ignored, failure) -> {
            if (failure != null) {
                log.debug("could not {} channel {}: {}", action, channel, failure.toString());
            }
        });
    }
}
