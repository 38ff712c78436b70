package org.hbpush.server.http;

import java.util.Optional;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.api.ChannelId;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.Store;
import org.hbpush.server.config.CorsConfiguration;
import org.hbpush.server.config.Polling;
import org.hbpush.server.config.SubscriberConfiguration;
import org.hbpush.server.subscription.WaitingSubscribers;

import static java.util.Objects.requireNonNull;

/**
 * A subscriber location: GET answers the first message after the one the client names with
 * {@code If-Modified-Since} / {@code If-None-Match}. With nothing newer, interval polling answers
 * 304 at once and long polling holds the request until a message arrives.
 */
public final class SubscriberHandler extends ChannelHandler {
    private final Store store;
    private final WaitingSubscribers waitingSubscribers;
    private final SubscriberConfiguration configuration;

    /**
     * @param configuration long or interval polling, and how long a long poll is held
     */
    public SubscriberHandler(LocationMatcher matcher, int maxChannelIdLength, Optional<CorsConfiguration> cors, Store store,
            WaitingSubscribers waitingSubscribers, SubscriberConfiguration configuration) {
        super(matcher, maxChannelIdLength, cors);
        this.store = requireNonNull(store, "store is null");
        this.waitingSubscribers = requireNonNull(waitingSubscribers, "waitingSubscribers is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
    }

    @Override
    protected void handleChannel(ChannelId channel, Request request, Response response, Callback callback)
            throws BadRequestException {
        if (!request.getMethod().equals("GET")) {
            methodNotAllowed(request, response, callback);
            return;
        }
        MessageId after = SubscriberValidators.lastMessageId(request.getHeaders());
        store.firstMessageAfter(channel, after).whenComplete((lookup, failure) ->
                answer(channel, after, request, response, callback, lookup, failure));
    }

    @Override
    protected String allowedMethods() {
        return "GET";
    }

    private void answer(ChannelId channel, MessageId after, Request request, Response response, Callback callback,
            Optional<MessageLookup> lookup, Throwable failure) {
        if (failure != null) {
            PlainAnswers.storeFailure(response, callback, failure, "reading channel " + channel);
            return;
        }
        if (lookup.isEmpty()) {
            PlainAnswers.error(response, callback, HttpStatus.NOT_FOUND_404, "channel " + channel + " does not exist");
            return;
        }
        if (lookup.get().message().isPresent()) {
            MessageAnswers.message(response, callback, lookup.get().message().get(), lookup.get().gap());
            return;
        }
        if (configuration.polling() == Polling.LONG) {
            HeldLongPoll.hold(waitingSubscribers, channel, after, configuration.timeout(), request, response, callback);
        }
        else {
            MessageAnswers.notModified(response, callback, after);
        }
    }
}
