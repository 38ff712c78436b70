package org.hbpush.server.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.Registration;
import org.hbpush.server.config.SubscriberConcurrency;
import org.hbpush.server.metrics.DeliveryRecorder;
import org.hbpush.server.subscription.SubscriberIds;
import org.hbpush.server.subscription.WaitingSubscriber;
import org.hbpush.server.subscription.WaitingSubscribers;

import static java.util.Objects.requireNonNull;

/**
 * One long poll held until one of its channels gets a message (a plain poll has one channel, a
 * multiplexed one several). It holds no thread: only the request, response and callback, until
 * one of the answers below completes them, exactly once. On each channel it waits as a
 * {@link Seat}; the first seat to get something answers for all, and the others are let go.
 */
final class HeldLongPoll {
    private static final VarHandle ANSWERED;

    static {
        try {
            ANSWERED = MethodHandles.lookup().findVarHandle(HeldLongPoll.class, "answered", boolean.class);
        }
        catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SubscriberPosition position;
    private final SubscriberConcurrency concurrency;
    private final DeliveryRecorder deliveries;
    // What the claim id is made of, taken when held; written out only when a claim reads it.
    private final long heldAtMillis = System.currentTimeMillis();
    private final long idRandomPart = SubscriberIds.randomPart();
    private volatile String id;
    private final Response response;
    private final Callback callback;
    // Set once, through ANSWERED, by whoever wins the right to answer (or finds the client gone).
    private volatile boolean answered;
    // One per channel, in the order of the position's: a plain poll has one.
    private final Seat[] seats;
    private volatile ClientCloseWatch closeWatch;
    private volatile PollDeadlines.Deadline deadline;

    private HeldLongPoll(SubscriberPosition position, SubscriberConcurrency concurrency, DeliveryRecorder deliveries,
            Response response, Callback callback) {
        this.position = requireNonNull(position, "position is null");
        this.concurrency = requireNonNull(concurrency, "concurrency is null");
        this.deliveries = requireNonNull(deliveries, "deliveries is null");
        this.response = requireNonNull(response, "response is null");
        this.callback = requireNonNull(callback, "callback is null");
        this.seats = new Seat[position.channelCount()];
        for (int index = 0; index < seats.length; index++) {
            seats[index] = new Seat(index);
        }
    }

    /**
     * Holds the request until a message after the subscriber's position arrives on one of its
     * channels, or its location's timeout passes (then 304 with the client's validators).
     * {@code deliveries} is told of each message answer.
     */
    static void hold(WaitingSubscribers subscribers, SubscriberPosition position, PollDeadlines deadlines, SubscriberConcurrency concurrency,
            DeliveryRecorder deliveries, Request request, Response response, Callback callback) {
        HeldLongPoll poll = new HeldLongPoll(position, concurrency, deliveries, response, callback);
        poll.deadline = deadlines.start(request.getComponents().getScheduler(), poll::timedOut);
        // A held poll waits as long as it takes: idle time is expected, not a failure.
        request.addIdleTimeoutListener(idle -> false);
        request.addFailureListener(poll::clientGone);
        // Watch before holding: holding may answer at once, and the answer must stop the watch.
        poll.closeWatch = ClientCloseWatch.start(request, () -> poll.clientGone(new EofException("client closed the connection")));
        for (int index = 0; index < poll.seats.length && !poll.answered; index++) {
            Seat seat = poll.seats[index];
            seat.holding = subscribers.hold(position.channel(index), seat);
        }
        if (poll.answered) {
            // Answered or gone while being held; letting go twice is harmless.
            poll.letGo();
            return;
        }
        if (concurrency == SubscriberConcurrency.LAST) {
            for (Seat seat : poll.seats) {
                subscribers.claim(position.channel(seat.index), seat);
            }
        }
    }

    /** The poll waiting on one of its channels. */
    private final class Seat implements WaitingSubscriber {
        private final int index;
        /*
         * Written by the holding thread, then it reads answered; an answer sets answered, then reads
         * this. Both volatile: one of the two sees the other, so no holding is left behind.
         */
        private volatile Registration holding;

        Seat(int index) {
            this.index = index;
        }

        /** Stops waiting on the seat's channel, if it got that far; letting go twice is harmless. */
        void letGo() {
            Registration held = holding;
            if (held != null) {
                held.close();
            }
        }

        @Override
        public MessageId after() {
            return position.lastMessage(index);
        }

        @Override
        public String id() {
            return claimId();
        }

        @Override
        public boolean yieldsToNewer() {
            return concurrency == SubscriberConcurrency.LAST;
        }

        @Override
        public boolean supplanted() {
            if (!claim()) {
                return false;
            }
            letGoOthers(index);
            PlainAnswers.error(response, callback, HttpStatus.CONFLICT_409, "a newer subscriber took channel "
                    + position.channel(index) + " (subscriber_concurrency: last)");
            return true;
        }

        @Override
        public boolean deliver(Message message, boolean gap) {
            if (!claim()) {
                return false;
            }
            letGoOthers(index);
            MessageAnswers.message(response, callback, position, index, message, gap);
            deliveries.delivered(message);
            return true;
        }

        @Override
        public boolean channelGone() {
            if (!claim()) {
                return false;
            }
            letGoOthers(index);
            PlainAnswers.error(response, callback, HttpStatus.GONE_410, "channel " + position.channel(index) + " was deleted");
            return true;
        }

        @Override
        public boolean storeFailed(Throwable failure) {
            if (!claim()) {
                return false;
            }
            letGoOthers(index);
            PlainAnswers.storeFailure(response, callback, failure, "waiting on channel " + position.channel(index));
            return true;
        }

        @Override
        public boolean serverStopping() {
            if (!claim()) {
                return false;
            }
            letGoOthers(index);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            PlainAnswers.error(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "the server is shutting down; poll again");
            return true;
        }
    }

    /** The id every seat of the poll claims with; threads racing to write it out write the same text. */
    private String claimId() {
        String written = id;
        if (written == null) {
            written = SubscriberIds.of(heldAtMillis, idRandomPart);
            id = written;
        }
        return written;
    }

    /** Nothing came in time: 304, and the client polls again with the same validators. */
    private void timedOut() {
        if (!claim()) {
            return;
        }
        letGo();
        MessageAnswers.notModified(response, callback, position);
    }

    /** The client went away: forget it, answer nothing. */
    private void clientGone(Throwable cause) {
        if (!ANSWERED.compareAndSet(this, false, true)) {
            return;
        }
        stopWatching();
        letGo();
        LoggedStatus.clientLeft(response.getRequest());
        callback.failed(cause);
    }

    /** Wins the right to answer; prepares the connection for it. */
    private boolean claim() {
        if (!ANSWERED.compareAndSet(this, false, true)) {
            return false;
        }
        stopWatching();
        ClientCloseWatch watch = closeWatch;
        if (watch != null && watch.clientPipelined()) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        return true;
    }

    /** Stops waiting on every channel; letting go twice is harmless. */
    private void letGo() {
        for (Seat seat : seats) {
            seat.letGo();
        }
    }

    /**
     * Stops waiting on the other channels: the seat that answered is let go by
     * {@link WaitingSubscribers}, which called it (and counts many answers down at once).
     */
    private void letGoOthers(int answeringSeat) {
        for (Seat seat : seats) {
            if (seat.index != answeringSeat) {
                seat.letGo();
            }
        }
    }

    private void stopWatching() {
        ClientCloseWatch watch = closeWatch;
        if (watch != null) {
            watch.stop();
        }
        PollDeadlines.Deadline timer = deadline;
        if (timer != null) {
            timer.cancel();
        }
    }
}
