package org.hbpush.server.subscription;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hbpush.api.Message;
import org.hbpush.api.MessageId;

/** A held subscriber that writes down how it was answered; answered at most once, like a real one. */
final class RecordingSubscriber implements WaitingSubscriber {
    final List<String> answers = new CopyOnWriteArrayList<>();
    private final MessageId after;
    private final String id;
    private final boolean yieldsToNewer;
    private final AtomicBoolean answered = new AtomicBoolean();
    // where the answered subscribers line up, in the order of their answers; null when not watched
    private final List<RecordingSubscriber> answerOrder;

    RecordingSubscriber(MessageId after) {
        this(after, SubscriberIds.next(), false);
    }

    RecordingSubscriber(MessageId after, String id, boolean yieldsToNewer) {
        this(after, id, yieldsToNewer, null);
    }

    /** A subscriber that also joins {@code answerOrder} when it is answered. */
    RecordingSubscriber(MessageId after, List<RecordingSubscriber> answerOrder) {
        this(after, SubscriberIds.next(), false, answerOrder);
    }

    private RecordingSubscriber(MessageId after, String id, boolean yieldsToNewer, List<RecordingSubscriber> answerOrder) {
        this.after = after;
        this.id = id;
        this.yieldsToNewer = yieldsToNewer;
        this.answerOrder = answerOrder;
    }

    @Override
    public MessageId after() {
        return after;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean yieldsToNewer() {
        return yieldsToNewer;
    }

    @Override
    public boolean supplanted() {
        return answer("supplanted");
    }

    @Override
    public boolean deliver(Message message, boolean gap) {
        return answer("message " + message.id() + (gap ? " after a gap" : ""));
    }

    @Override
    public boolean channelGone() {
        return answer("gone");
    }

    @Override
    public boolean storeFailed(Throwable failure) {
        return answer("failed: " + failure.getMessage());
    }

    @Override
    public boolean serverStopping() {
        return answer("stopping");
    }

    private boolean answer(String answer) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        answers.add(answer);
        if (answerOrder != null) {
            answerOrder.add(this);
        }
        return true;
    }
}
