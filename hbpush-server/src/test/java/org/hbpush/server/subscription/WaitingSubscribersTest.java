package org.hbpush.server.subscription;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.hbpush.api.ChannelId;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.Registration;
import org.hbpush.api.StoreUnavailableException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaitingSubscribersTest {
    private static final ChannelId CHANNEL = ChannelId.of("news");
    private static final MessageId FIRST = new MessageId(100, 0);
    private static final MessageId SECOND = new MessageId(100, 1);

    private ScriptedStore store;
    private WaitingSubscribers subscribers;

    @BeforeEach
    void create() {
        store = new ScriptedStore();
        subscribers = new WaitingSubscribers(store);
    }

    @Test
    void aHeldSubscriberIsCountedAndGetsTheMessageAnEventAnnounces() {
        RecordingSubscriber subscriber = new RecordingSubscriber(FIRST);
        subscribers.hold(CHANNEL, subscriber);
        answerNextRead(MessageLookup.nothingNewer());
        assertThat(store.waitingDeltas).containsExactly(1);

        store.firePosted(CHANNEL, SECOND);
        ScriptedStore.PendingRead read = store.reads.peek();
        assertThat(read.after()).isEqualTo(FIRST);
        answerNextRead(MessageLookup.found(message(SECOND)));

        assertThat(subscriber.answers).containsExactly("message 100:1");
        assertThat(store.waitingDeltas).containsExactly(1, -1);
        assertThat(subscribers.heldOn(CHANNEL)).isZero();
    }

    @Test
    void aMessageStoredBeforeTheHoldIsFoundByTheSecondRead() {
        RecordingSubscriber subscriber = new RecordingSubscriber(FIRST);
        subscribers.hold(CHANNEL, subscriber);
        answerNextRead(MessageLookup.found(message(SECOND)));
        assertThat(subscriber.answers).containsExactly("message 100:1");
    }

    @Test
    void aReadAnsweredAtOnceAnswersOrHoldsTheSubscriberBeforeHoldReturns() {
        RecordingSubscriber found = new RecordingSubscriber(FIRST);
        RecordingSubscriber waiting = new RecordingSubscriber(FIRST);

        store.answerAtOnce = CompletableFuture.completedFuture(Optional.of(MessageLookup.found(message(SECOND))));
        subscribers.hold(CHANNEL, found);
        assertThat(found.answers).containsExactly("message 100:1");
        assertThat(store.waitingDeltas).containsExactly(1, -1);

        store.answerAtOnce = CompletableFuture.completedFuture(Optional.of(MessageLookup.nothingNewer()));
        subscribers.hold(CHANNEL, waiting);
        assertThat(waiting.answers).isEmpty();
        assertThat(subscribers.heldOn(CHANNEL)).isEqualTo(1);
        assertThat(store.reads).isEmpty();

        store.answerAtOnce = null;
        store.firePosted(CHANNEL, SECOND);
        answerNextRead(MessageLookup.found(message(SECOND)));
        assertThat(waiting.answers).containsExactly("message 100:1");
        assertThat(subscribers.heldOn(CHANNEL)).isZero();
    }

    @Test
    void anEventDuringTheSecondReadIsNotLost() {
        RecordingSubscriber subscriber = new RecordingSubscriber(FIRST);
        subscribers.hold(CHANNEL, subscriber);
        store.firePosted(CHANNEL, SECOND);
        // The second read was sent before the message was stored; the event's read after it.
        answerNextRead(MessageLookup.nothingNewer());
        assertThat(subscriber.answers).isEmpty();
        answerNextRead(MessageLookup.found(message(SECOND)));
        assertThat(subscriber.answers).containsExactly("message 100:1");
    }

    @Test
    void subscribersWaitingAfterTheSameMessageShareOneRead() {
        RecordingSubscriber one = new RecordingSubscriber(FIRST);
        RecordingSubscriber two = new RecordingSubscriber(FIRST);
        subscribers.hold(CHANNEL, one);
        subscribers.hold(CHANNEL, two);
        answerNextRead(MessageLookup.nothingNewer());
        answerNextRead(MessageLookup.nothingNewer());

        store.firePosted(CHANNEL, SECOND);
        assertThat(store.reads).hasSize(1);
        answerNextRead(MessageLookup.found(message(SECOND)));
        assertThat(one.answers).containsExactly("message 100:1");
        assertThat(two.answers).containsExactly("message 100:1");
    }

    @Test
    void eventsDuringAWakeUpCostOneMoreReadNotOneEach() {
        subscribers.hold(CHANNEL, new RecordingSubscriber(FIRST));
        answerNextRead(MessageLookup.nothingNewer());
        store.firePosted(CHANNEL, SECOND);
        store.firePosted(CHANNEL, SECOND);
        store.firePosted(CHANNEL, SECOND);
        assertThat(store.reads).hasSize(1);
        answerNextRead(MessageLookup.nothingNewer());
        assertThat(store.reads).as("one more read covers the events that came meanwhile").hasSize(1);
    }

    @Test
    void anEventCarryingTheNextMessageHandsItOverWithoutReadingTheStore() {
        RecordingSubscriber hasFirst = new RecordingSubscriber(FIRST);
        RecordingSubscriber hasOlder = new RecordingSubscriber(new MessageId(99, 0));
        subscribers.hold(CHANNEL, hasFirst);
        subscribers.hold(CHANNEL, hasOlder);
        answerNextRead(MessageLookup.nothingNewer());
        answerNextRead(MessageLookup.nothingNewer());

        store.firePosted(CHANNEL, PostedMessage.stored(message(SECOND), FIRST));

        assertThat(hasFirst.answers).containsExactly("message 100:1");
        assertThat(store.reads).as("only the subscriber that may have missed " + FIRST + " reads the store").hasSize(1);
        assertThat(store.reads.peek().after()).isEqualTo(new MessageId(99, 0));
        assertThat(hasOlder.answers).isEmpty();
    }

    @Test
    void aCrowdIsAnsweredAndCountedDownInOneChange() {
        java.util.List<RecordingSubscriber> crowd = new java.util.ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            RecordingSubscriber subscriber = new RecordingSubscriber(FIRST);
            crowd.add(subscriber);
            subscribers.hold(CHANNEL, subscriber);
            answerNextRead(MessageLookup.nothingNewer());
        }
        store.waitingDeltas.clear();

        store.firePosted(CHANNEL, PostedMessage.stored(message(SECOND), FIRST));

        assertThat(crowd).allSatisfy(subscriber -> assertThat(subscriber.answers).containsExactly("message 100:1"));
        assertThat(store.waitingDeltas).as("one change of the store's count for the whole crowd").containsExactly(-1200);
        assertThat(subscribers.heldOn(CHANNEL)).isZero();
    }

    @Test
    void aCrowdIsAnsweredFirstComeFirstServed() {
        java.util.List<RecordingSubscriber> answered = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<RecordingSubscriber> arrivals = new java.util.ArrayList<>();
        java.util.List<Registration> registrations = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            RecordingSubscriber subscriber = new RecordingSubscriber(FIRST, answered);
            arrivals.add(subscriber);
            registrations.add(subscribers.hold(CHANNEL, subscriber));
            answerNextRead(MessageLookup.nothingNewer());
        }
        // the eleventh lets go and is held again: it is now the last to have come
        registrations.get(10).close();
        RecordingSubscriber again = arrivals.remove(10);
        subscribers.hold(CHANNEL, again);
        answerNextRead(MessageLookup.nothingNewer());
        arrivals.add(again);

        store.firePosted(CHANNEL, PostedMessage.stored(message(SECOND), FIRST));

        assertThat(answered).as("answered in the order they were held").containsExactlyElementsOf(arrivals);
    }

    @Test
    void aMessageThatWasNotStoredReachesEveryWaitingSubscriber() {
        RecordingSubscriber hasFirst = new RecordingSubscriber(FIRST);
        RecordingSubscriber hasOlder = new RecordingSubscriber(new MessageId(99, 0));
        subscribers.hold(CHANNEL, hasFirst);
        subscribers.hold(CHANNEL, hasOlder);
        answerNextRead(MessageLookup.nothingNewer());
        answerNextRead(MessageLookup.nothingNewer());

        store.firePosted(CHANNEL, new PostedMessage(SECOND, FIRST, Optional.of(message(SECOND)), false));

        assertThat(hasFirst.answers).containsExactly("message 100:1");
        assertThat(hasOlder.answers).containsExactly("message 100:1");
        assertThat(store.reads).isEmpty();
    }

    @Test
    void aSubscriberThatAlreadyHasTheMessageKeepsWaiting() {
        RecordingSubscriber ahead = new RecordingSubscriber(SECOND);
        subscribers.hold(CHANNEL, ahead);
        answerNextRead(MessageLookup.nothingNewer());
        store.firePosted(CHANNEL, PostedMessage.stored(message(SECOND), FIRST));
        assertThat(ahead.answers).isEmpty();
        assertThat(store.reads).isEmpty();
    }

    @Test
    void missedEventsMakeEveryHeldSubscriberReadTheStoreAgain() {
        RecordingSubscriber onNews = new RecordingSubscriber(FIRST);
        RecordingSubscriber onSport = new RecordingSubscriber(FIRST);
        subscribers.hold(CHANNEL, onNews);
        subscribers.hold(ChannelId.of("sport"), onSport);
        answerNextRead(MessageLookup.nothingNewer());
        answerNextRead(MessageLookup.nothingNewer());

        store.fireEventsMissed();
        assertThat(store.reads).hasSize(2);
        answerNextRead(MessageLookup.found(message(SECOND)));
        answerNextRead(MessageLookup.nothingNewer());
        assertThat(onNews.answers.size() + onSport.answers.size()).as("one was posted to meanwhile").isEqualTo(1);
    }

    @Test
    void aClaimSupplantsTheOlderSubscribersThatYieldAndOnlyThose() {
        RecordingSubscriber older = new RecordingSubscriber(FIRST, "000000000000001-a", true);
        RecordingSubscriber broadcast = new RecordingSubscriber(FIRST, "000000000000001-b", false);
        RecordingSubscriber newer = new RecordingSubscriber(FIRST, "000000000000009-c", true);
        for (RecordingSubscriber subscriber : new RecordingSubscriber[] {older, broadcast, newer}) {
            subscribers.hold(CHANNEL, subscriber);
            answerNextRead(MessageLookup.nothingNewer());
        }

        store.fireClaimed(CHANNEL, "000000000000005-claimant");

        assertThat(older.answers).containsExactly("supplanted");
        assertThat(broadcast.answers).as("a broadcast subscriber never gives way").isEmpty();
        assertThat(newer.answers).as("a subscriber newer than the claim stays").isEmpty();
        assertThat(subscribers.heldOn(CHANNEL)).isEqualTo(2);
    }

    @Test
    void aStoreThatCannotTellOtherNodesAppliesTheClaimHere() {
        RecordingSubscriber older = new RecordingSubscriber(FIRST, "000000000000001-a", true);
        RecordingSubscriber newer = new RecordingSubscriber(FIRST, "000000000000002-b", true);
        subscribers.hold(CHANNEL, older);
        answerNextRead(MessageLookup.nothingNewer());
        subscribers.hold(CHANNEL, newer);
        answerNextRead(MessageLookup.nothingNewer());

        subscribers.claim(CHANNEL, newer);

        assertThat(older.answers).containsExactly("supplanted");
        assertThat(newer.answers).isEmpty();
    }

    @Test
    void aDeletedChannelAnswersGoneWithoutUncounting() {
        RecordingSubscriber subscriber = new RecordingSubscriber(FIRST);
        subscribers.hold(CHANNEL, subscriber);
        answerNextRead(MessageLookup.nothingNewer());
        store.fireDeleted(CHANNEL);
        assertThat(subscriber.answers).containsExactly("gone");
        assertThat(store.waitingDeltas).as("the store dropped the count with the channel").containsExactly(1);
    }

    @Test
    void aChannelDeletedBeforeTheSecondReadAnswersGone() {
        RecordingSubscriber subscriber = new RecordingSubscriber(FIRST);
        subscribers.hold(CHANNEL, subscriber);
        store.reads.remove().answer().complete(Optional.empty());
        assertThat(subscriber.answers).containsExactly("gone");
    }

    @Test
    void aFailingStoreAnswersTheSubscriber() {
        RecordingSubscriber subscriber = new RecordingSubscriber(FIRST);
        subscribers.hold(CHANNEL, subscriber);
        store.reads.remove().answer().completeExceptionally(new StoreUnavailableException("down"));
        assertThat(subscriber.answers).containsExactly("failed: down");
        assertThat(store.waitingDeltas).containsExactly(1, -1);
    }

    @Test
    void lettingGoUncountsAndNothingIsDeliveredAfterwards() {
        RecordingSubscriber subscriber = new RecordingSubscriber(FIRST);
        Registration holding = subscribers.hold(CHANNEL, subscriber);
        answerNextRead(MessageLookup.nothingNewer());
        holding.close();
        holding.close();
        assertThat(store.waitingDeltas).containsExactly(1, -1);
        store.firePosted(CHANNEL, SECOND);
        assertThat(store.reads).as("nobody is held: no read").isEmpty();
        assertThat(subscriber.answers).isEmpty();
    }

    @Test
    void stoppingAnswersEveryHeldSubscriberAndEveryLaterOne() {
        RecordingSubscriber held = new RecordingSubscriber(FIRST);
        subscribers.hold(CHANNEL, held);
        answerNextRead(MessageLookup.nothingNewer());
        subscribers.stopHolding();
        assertThat(held.answers).containsExactly("stopping");

        RecordingSubscriber late = new RecordingSubscriber(FIRST);
        subscribers.hold(CHANNEL, late);
        assertThat(late.answers).containsExactly("stopping");
        assertThat(subscribers.heldOn(CHANNEL)).isZero();
    }

    @Test
    void closingStopsListeningToTheStore() {
        assertThat(store.listenerCount()).isEqualTo(1);
        subscribers.close();
        assertThat(store.listenerCount()).isZero();
    }

    private void answerNextRead(MessageLookup lookup) {
        store.reads.remove().answer().complete(Optional.of(lookup));
    }

    private static Message message(MessageId id) {
        return new Message(id, "text/plain", ByteBuffer.wrap(new byte[] {'x'}));
    }
}
