package org.hbpush.server.subscription;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hbpush.api.PostOptions;
import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostResult;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.Registration;
import org.hbpush.api.Store;
import org.hbpush.api.StoreListener;

/**
 * A store whose reads the test answers by hand, so that it can order a read's answer and an
 * event any way it likes. Only what {@link WaitingSubscribers} uses is implemented.
 */
final class ScriptedStore implements Store {
    record PendingRead(ChannelId channel, MessageId after, CompletableFuture<Optional<MessageLookup>> answer) {
    }

    final Queue<PendingRead> reads = new ArrayDeque<>();
    final List<Integer> waitingDeltas = new CopyOnWriteArrayList<>();
    private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();

    /** When set, every read gets this stage, already complete, as a memory store answers; else the test answers. */
    volatile CompletableFuture<Optional<MessageLookup>> answerAtOnce;

    @Override
    public CompletionStage<Optional<MessageLookup>> firstMessageAfter(ChannelId channel, MessageId after) {
        CompletableFuture<Optional<MessageLookup>> atOnce = answerAtOnce;
        if (atOnce != null) {
            return atOnce;
        }
        CompletableFuture<Optional<MessageLookup>> answer = new CompletableFuture<>();
        reads.add(new PendingRead(channel, after, answer));
        return answer;
    }

    @Override
    public CompletionStage<Void> addWaitingSubscribers(ChannelId channel, int delta) {
        waitingDeltas.add(delta);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Registration listen(StoreListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Announces a stored message by its id alone, as a store that sends no bodies does. */
    void firePosted(ChannelId channel, MessageId id) {
        firePosted(channel, new PostedMessage(id, MessageId.BEFORE_ALL, Optional.empty(), true));
    }

    void firePosted(ChannelId channel, PostedMessage posted) {
        for (StoreListener listener : List.copyOf(listeners)) {
            listener.messagePosted(channel, posted);
        }
    }

    void fireClaimed(ChannelId channel, String claimant) {
        for (StoreListener listener : List.copyOf(listeners)) {
            listener.channelClaimed(channel, claimant);
        }
    }

    void fireEventsMissed() {
        for (StoreListener listener : List.copyOf(listeners)) {
            listener.eventsMayHaveBeenMissed();
        }
    }

    void fireDeleted(ChannelId channel) {
        for (StoreListener listener : new ArrayList<>(listeners)) {
            listener.channelDeleted(channel);
        }
    }

    int listenerCount() {
        return listeners.size();
    }

    @Override
    public CompletionStage<ChannelInfo> createChannel(ChannelId channel) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> channelInfo(ChannelId channel) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> deleteChannel(ChannelId channel) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Optional<PostResult>> post(ChannelId channel, String contentType, ByteBuffer body, PostOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
