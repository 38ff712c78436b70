package org.hbpush.server.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.Message;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.Store;
import org.hbpush.server.config.AccessRules;
import org.hbpush.server.config.CorsConfiguration;
import org.hbpush.server.config.LocationType;
import org.hbpush.server.config.Polling;
import org.hbpush.server.config.SubscriberConcurrency;
import org.hbpush.server.config.SubscriberConfiguration;
import org.hbpush.server.metrics.DeliveryRecorder;
import org.hbpush.server.subscription.LastRequests;
import org.hbpush.server.subscription.SucceededStages;
import org.hbpush.server.subscription.WaitingSubscriberLimit;
import org.hbpush.server.subscription.WaitingSubscribers;

import static java.util.Objects.requireNonNull;

/**
 * A subscriber location: GET answers the first message after the one the client names with
 * {@code If-Modified-Since} / {@code If-None-Match}. With nothing newer, interval polling answers
 * 304 at once and long polling holds the request until a message arrives.
 *
 * <p>With {@code multiplex_separator}, one request names several channels ({@code /sub/a,b,c})
 * and gets the oldest of their next messages; its compound Etag ({@link SubscriberPosition})
 * resumes the whole set.
 */
public final class SubscriberHandler extends ChannelHandler {
    /** The most channels one multiplexed request may name. */
    public static final int MAX_MULTIPLEXED_CHANNELS = 64;
    /** Seconds a long poll refused at {@code max_waiting_subscribers} is told to wait before polling again. */
    static final String FULL_RETRY_AFTER_SECONDS = "5";

    private final Store store;
    private final WaitingSubscribers waitingSubscribers;
    private final SubscriberConfiguration configuration;
    private final LastRequests lastRequests;
    private final PollDeadlines deadlines;
    private final WaitingSubscriberLimit limit;
    private final DeliveryRecorder deliveries;

    /**
     * @param configuration long or interval polling, how long a long poll is held, multiplexing
     * @param limit         the node's {@code max_waiting_subscribers}, shared by all its subscriber locations
     * @param deliveries    told when a held long poll is answered with a message
     */
    public SubscriberHandler(LocationMatcher matcher, int maxChannelIdLength, Optional<CorsConfiguration> cors, AccessRules access, Store store,
            WaitingSubscribers waitingSubscribers, SubscriberConfiguration configuration, LastRequests lastRequests,
            WaitingSubscriberLimit limit, DeliveryRecorder deliveries) {
        super(LocationType.SUBSCRIBER, matcher, maxChannelIdLength, cors, access, Optional.empty());
        this.limit = requireNonNull(limit, "limit is null");
        this.deliveries = requireNonNull(deliveries, "deliveries is null");
        this.lastRequests = requireNonNull(lastRequests, "lastRequests is null");
        this.store = requireNonNull(store, "store is null");
        this.waitingSubscribers = requireNonNull(waitingSubscribers, "waitingSubscribers is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.deadlines = new PollDeadlines(configuration.timeout());
    }

    @Override
    protected List<ChannelId> decodeChannels(String encoded) throws BadRequestException {
        if (configuration.multiplexSeparator().isEmpty()) {
            return super.decodeChannels(encoded);
        }
        // Split before decoding: a channel whose id holds the separator writes it percent-encoded.
        String separator = configuration.multiplexSeparator().get();
        List<ChannelId> channels = new ArrayList<>();
        Set<ChannelId> seen = new HashSet<>();
        for (String part : encoded.split(java.util.regex.Pattern.quote(separator), -1)) {
            ChannelId channel = ChannelIdDecoder.decode(part);
            if (!seen.add(channel)) {
                throw new BadRequestException("channel " + channel + " is named twice");
            }
            channels.add(channel);
        }
        if (channels.size() > MAX_MULTIPLEXED_CHANNELS) {
            throw new BadRequestException(channels.size() + " channels in one request; at most " + MAX_MULTIPLEXED_CHANNELS);
        }
        return channels;
    }

    @Override
    protected void handleChannels(List<ChannelId> channels, Request request, Response response, Callback callback)
            throws BadRequestException {
        if (!request.getMethod().equals("GET")) {
            methodNotAllowed(request, response, callback);
            return;
        }
        SubscriberPosition position = SubscriberValidators.position(request.getHeaders(), channels,
                configuration.multiplexSeparator().isPresent());
        for (ChannelId channel : channels) {
            lastRequests.record(channel);
        }
        if (!position.isMultiplexed()) {
            // The common case: one lookup to wait for, nothing to combine.
            CompletionStage<Optional<MessageLookup>> lookup = store.firstMessageAfter(position.channel(0), position.lastMessage(0));
            if (SucceededStages.succeeded(lookup)) {
                answerPlain(position, SucceededStages.value(lookup), request, response, callback, null);
            }
            else {
                lookup.whenComplete((found, failure) -> answerPlain(position, found, request, response, callback, failure));
            }
            return;
        }
        List<CompletableFuture<Optional<MessageLookup>>> lookups = new ArrayList<>();
        for (int index = 0; index < channels.size(); index++) {
            lookups.add(store.firstMessageAfter(channels.get(index), position.lastMessage(index)).toCompletableFuture());
        }
        CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) ->
                answerMultiplexed(position, lookups, request, response, callback, failure));
    }

    @Override
    protected String allowedMethods() {
        return "GET";
    }

    /** Answers a plain subscriber once its channel's lookup is done. */
    private void answerPlain(SubscriberPosition position, Optional<MessageLookup> lookup,
            Request request, Response response, Callback callback, Throwable failure) {
        if (failure != null) {
            PlainAnswers.storeFailure(response, callback, failure, "reading channel " + position.channel(0));
            return;
        }
        if (lookup.isEmpty()) {
            channelNotFound(position, 0, response, callback);
            return;
        }
        Optional<Message> message = lookup.get().message();
        if (message.isPresent()) {
            MessageAnswers.message(response, callback, position, 0, message.get(), lookup.get().gap());
            return;
        }
        answerNothingNewer(position, request, response, callback);
    }

    /** Answers a multiplexed subscriber once the lookups of all its channels are done. */
    private void answerMultiplexed(SubscriberPosition position, List<CompletableFuture<Optional<MessageLookup>>> lookups,
            Request request, Response response, Callback callback, Throwable failure) {
        if (failure != null) {
            PlainAnswers.storeFailure(response, callback, failure, "reading channel " + position.channel(0));
            return;
        }
        int oldest = -1;
        MessageLookup oldestLookup = null;
        for (int index = 0; index < lookups.size(); index++) {
            Optional<MessageLookup> lookup = lookups.get(index).join();
            if (lookup.isEmpty()) {
                channelNotFound(position, index, response, callback);
                return;
            }
            // Oldest first across channels; among equal ids, the channel named first.
            if (lookup.get().message().isPresent() && (oldestLookup == null
                    || lookup.get().message().get().id().compareTo(oldestLookup.message().orElseThrow().id()) < 0)) {
                oldest = index;
                oldestLookup = lookup.get();
            }
        }
        if (oldestLookup != null) {
            MessageAnswers.message(response, callback, position, oldest, oldestLookup.message().orElseThrow(), oldestLookup.gap());
            return;
        }
        answerNothingNewer(position, request, response, callback);
    }

    private static void channelNotFound(SubscriberPosition position, int index, Response response, Callback callback) {
        PlainAnswers.error(response, callback, HttpStatus.NOT_FOUND_404, "channel " + position.channel(index) + " does not exist");
    }

    /** None of the subscriber's channels has a message newer than its position: 304, or hold the poll. */
    private void answerNothingNewer(SubscriberPosition position, Request request, Response response, Callback callback) {
        if (configuration.polling() == Polling.INTERVAL) {
            MessageAnswers.notModified(response, callback, position);
        }
        else if (configuration.concurrency() == SubscriberConcurrency.FIRST) {
            holdUnlessTaken(position, request, response, callback);
        }
        else {
            holdWithinLimit(position, request, response, callback);
        }
    }

    /**
     * {@code subscriber_concurrency: first}: 409 when a subscriber is held on one of the channels,
     * on any node (the store counts them all); else hold. Two requests arriving at once on two
     * nodes may both be held: the count each reads does not include the other yet.
     */
    private void holdUnlessTaken(SubscriberPosition position, Request request, Response response, Callback callback) {
        List<CompletableFuture<Optional<ChannelInfo>>> infos = new ArrayList<>();
        for (int index = 0; index < position.channelCount(); index++) {
            infos.add(store.channelInfo(position.channel(index)).toCompletableFuture());
        }
        CompletableFuture.allOf(infos.toArray(CompletableFuture[]::new)).whenComplete((ignored, failure) -> {
            if (failure != null) {
                PlainAnswers.storeFailure(response, callback, failure, "reading channel " + position.channel(0));
                return;
            }
            for (int index = 0; index < infos.size(); index++) {
                ChannelId channel = position.channel(index);
                long held = Math.max(infos.get(index).join().map(ChannelInfo::waitingSubscribers).orElse(0L),
                        waitingSubscribers.heldOn(channel));
                if (held > 0) {
                    PlainAnswers.error(response, callback, HttpStatus.CONFLICT_409, "channel " + channel
                            + " already has a subscriber (subscriber_concurrency: first)");
                    return;
                }
            }
            holdWithinLimit(position, request, response, callback);
        });
    }

    /**
     * Holds the poll when the node holds fewer than {@code max_waiting_subscribers}; else 503 with
     * Retry-After, so that a crowd beyond what the heap can keep is turned away instead of
     * bringing the node down. The place is given back when the request ends, however it ends.
     */
    private void holdWithinLimit(SubscriberPosition position, Request request, Response response, Callback callback) {
        if (!limit.tryAdmit()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, FULL_RETRY_AFTER_SECONDS);
            PlainAnswers.error(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "this server holds " + limit.max()
                    + " waiting subscribers, its most (max_waiting_subscribers); poll again later");
            return;
        }
        Callback releasing = new ReleasingCallback(callback, limit::release);
        HeldLongPoll.hold(waitingSubscribers, position, deadlines, configuration.concurrency(), deliveries, request, response, releasing);
    }
}
