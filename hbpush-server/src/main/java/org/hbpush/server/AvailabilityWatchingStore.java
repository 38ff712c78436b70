package org.hbpush.server;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostOptions;
import org.hbpush.api.PostResult;
import org.hbpush.api.Registration;
import org.hbpush.api.Store;
import org.hbpush.api.StoreListener;
import org.hbpush.server.subscription.SucceededStages;

import static java.util.Objects.requireNonNull;

/**
 * A store whose every call's result feeds its {@link StoreAvailability}: requests, held polls
 * and readiness probes all go through it, so the log says when the backend goes down and comes
 * back whoever noticed first. Callers get the store's own stages, untouched.
 */
final class AvailabilityWatchingStore implements Store {
    private final Store delegate;
    private final StoreAvailability availability;

    AvailabilityWatchingStore(Store delegate, StoreAvailability availability) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.availability = requireNonNull(availability, "availability is null");
    }

    @Override
    public CompletionStage<ChannelInfo> createChannel(ChannelId channel) {
        long started = availability.callStarted();
        return watched(delegate.createChannel(channel), started);
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> channelInfo(ChannelId channel) {
        long started = availability.callStarted();
        return watched(delegate.channelInfo(channel), started);
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> deleteChannel(ChannelId channel) {
        long started = availability.callStarted();
        return watched(delegate.deleteChannel(channel), started);
    }

    @Override
    public CompletionStage<Optional<PostResult>> post(ChannelId channel, String contentType, ByteBuffer body, PostOptions options) {
        long started = availability.callStarted();
        return watched(delegate.post(channel, contentType, body, options), started);
    }

    @Override
    public CompletionStage<Optional<MessageLookup>> firstMessageAfter(ChannelId channel, MessageId after) {
        long started = availability.callStarted();
        return watched(delegate.firstMessageAfter(channel, after), started);
    }

    @Override
    public CompletionStage<Void> addWaitingSubscribers(ChannelId channel, int delta) {
        long started = availability.callStarted();
        return watched(delegate.addWaitingSubscribers(channel, delta), started);
    }

    @Override
    public CompletionStage<Void> claimChannel(ChannelId channel, String claimant) {
        long started = availability.callStarted();
        return watched(delegate.claimChannel(channel, claimant), started);
    }

    @Override
    public Registration listen(StoreListener listener) {
        return delegate.listen(listener);
    }

    @Override
    public OptionalLong channelCount() {
        return delegate.channelCount();
    }

    @Override
    public OptionalLong storedMessageCount() {
        return delegate.storedMessageCount();
    }

    @Override
    public void close() {
        availability.close();
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }

    private <T> CompletionStage<T> watched(CompletionStage<T> stage, long started) {
        if (SucceededStages.succeeded(stage)) {
            // What whenComplete would do at once, without a new stage and a lambda per call.
            availability.ended(started, null);
            return stage;
        }
        stage.whenComplete((ignored, failure) -> availability.ended(started, failure));
        return stage;
    }
}
