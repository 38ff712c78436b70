package org.hbpush.server.http;

import java.io.EOFException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.hbpush.api.ChannelId;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.Registration;
import org.hbpush.server.subscription.WaitingSubscriber;
import org.hbpush.server.subscription.WaitingSubscribers;

import static java.util.Objects.requireNonNull;

/**
 * One long poll held until its channel gets a message. It holds no thread: only the request,
 * response and callback, until one of the answers below completes them, exactly once.
 */
final class HeldLongPoll implements WaitingSubscriber {
    private final ChannelId channel;
    private final MessageId after;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile Registration holding;
    private volatile ClientCloseWatch closeWatch;
    private volatile Scheduler.Task deadline;

    private HeldLongPoll(ChannelId channel, MessageId after, Request request, Response response, Callback callback) {
        this.channel = requireNonNull(channel, "channel is null");
        this.after = requireNonNull(after, "after is null");
        this.request = requireNonNull(request, "request is null");
        this.response = requireNonNull(response, "response is null");
        this.callback = requireNonNull(callback, "callback is null");
    }

    /**
     * Holds the request on the channel until a message after {@code after} arrives, or
     * {@code timeout} passes (then 304 with the client's validators); a zero timeout holds it
     * until a message comes.
     */
    static void hold(WaitingSubscribers subscribers, ChannelId channel, MessageId after, Duration timeout,
            Request request, Response response, Callback callback) {
        HeldLongPoll poll = new HeldLongPoll(channel, after, request, response, callback);
        if (!timeout.isZero()) {
            poll.deadline = request.getComponents().getScheduler()
                    .schedule(poll::timedOut, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        // A held poll waits as long as it takes: idle time is expected, not a failure.
        request.addIdleTimeoutListener(idle -> false);
        request.addFailureListener(poll::clientGone);
        // Watch before holding: holding may answer at once, and the answer must stop the watch.
        poll.closeWatch = ClientCloseWatch.start(request, () -> poll.clientGone(new EOFException("client closed the connection")));
        Registration registration = subscribers.hold(channel, poll);
        poll.holding = registration;
        if (poll.answered.get()) {
            // Answered or gone while being held; letting go twice is harmless.
            registration.close();
        }
    }

    @Override
    public MessageId after() {
        return after;
    }

    @Override
    public boolean deliver(Message message, boolean gap) {
        if (!claim()) {
            return false;
        }
        MessageAnswers.message(response, callback, message, gap);
        return true;
    }

    @Override
    public boolean channelGone() {
        if (!claim()) {
            return false;
        }
        PlainAnswers.error(response, callback, HttpStatus.GONE_410, "channel " + channel + " was deleted");
        return true;
    }

    @Override
    public boolean storeFailed(Throwable failure) {
        if (!claim()) {
            return false;
        }
        PlainAnswers.storeFailure(response, callback, failure, "waiting on channel " + channel);
        return true;
    }

    @Override
    public boolean serverStopping() {
        if (!claim()) {
            return false;
        }
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        PlainAnswers.error(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "the server is shutting down; poll again");
        return true;
    }

    /** Nothing came in time: 304, and the client polls again with the same validators. */
    private void timedOut() {
        if (!claim()) {
            return;
        }
        Registration registration = holding;
        if (registration != null) {
            registration.close();
        }
        MessageAnswers.notModified(response, callback, after);
    }

    /** The client went away: forget it, answer nothing. */
    private void clientGone(Throwable cause) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        stopWatching();
        Registration registration = holding;
        if (registration != null) {
            registration.close();
        }
        callback.failed(cause);
    }

    /** Wins the right to answer; prepares the connection for it. */
    private boolean claim() {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        stopWatching();
        ClientCloseWatch watch = closeWatch;
        if (watch != null && watch.clientPipelined()) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        return true;
    }

    private void stopWatching() {
        ClientCloseWatch watch = closeWatch;
        if (watch != null) {
            watch.stop();
        }
        Scheduler.Task timer = deadline;
        if (timer != null) {
            timer.cancel();
        }
    }
}
