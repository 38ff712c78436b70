package org.hbpush.server.http;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.PostOptions;
import org.hbpush.api.PostResult;
import org.hbpush.api.Store;
import org.hbpush.server.auth.BearerAuthenticator;
import org.hbpush.server.config.AccessRules;
import org.hbpush.server.config.CorsConfiguration;
import org.hbpush.server.config.LocationType;
import org.hbpush.server.subscription.LastRequests;

import static java.util.Objects.requireNonNull;

/**
 * A publisher location: PUT creates a channel, POST stores a message and wakes the subscribers,
 * GET describes a channel, DELETE removes it. Every 2xx answer carries the channel information.
 */
public final class PublisherHandler extends ChannelHandler {
    /** The Content-Type a message gets when its publisher sent none. */
    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    private final Store store;
    private final PostOptions postOptions;
    private final int maxMessageSize;
    private final LastRequests lastRequests;

    /**
     * @param postOptions    whether POST creates a missing channel, and how long messages are kept
     * @param maxMessageSize the largest body accepted, in bytes
     */
    public PublisherHandler(LocationMatcher matcher, int maxChannelIdLength, Optional<CorsConfiguration> cors, AccessRules access,
            Optional<BearerAuthenticator> authentication, Store store, PostOptions postOptions, int maxMessageSize, LastRequests lastRequests) {
        super(LocationType.PUBLISHER, matcher, maxChannelIdLength, cors, access, authentication);
        this.lastRequests = requireNonNull(lastRequests, "lastRequests is null");
        this.store = requireNonNull(store, "store is null");
        this.postOptions = requireNonNull(postOptions, "postOptions is null");
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("maxMessageSize must not be negative");
        }
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    protected void handleChannels(List<ChannelId> channels, Request request, Response response, Callback callback) {
        ChannelId channel = channels.get(0);
        switch (request.getMethod()) {
            case "PUT" -> store.createChannel(channel).whenComplete((info, failure) -> {
                if (failure != null) {
                    PlainAnswers.storeFailure(response, callback, failure, "creating channel " + channel);
                    return;
                }
                ChannelInfoAnswers.write(request, response, callback, HttpStatus.OK_200, info, lastRequests);
            });
            case "POST" -> post(channel, request, response, callback);
            case "GET" -> store.channelInfo(channel).whenComplete((info, failure) ->
                    answerWithInfo(request, response, callback, channel, info, failure, "reading channel"));
            case "DELETE" -> store.deleteChannel(channel).whenComplete((info, failure) -> {
                if (failure == null) {
                    lastRequests.forget(channel);
                }
                answerWithInfo(request, response, callback, channel, info, failure, "deleting channel");
            });
            default -> methodNotAllowed(request, response, callback);
        }
    }

    @Override
    protected String allowedMethods() {
        return "GET, PUT, POST, DELETE";
    }

    private void post(ChannelId channel, Request request, Response response, Callback callback) {
        long declaredLength = request.getLength();
        if (declaredLength > maxMessageSize) {
            tooLarge(response, callback);
            return;
        }
        String contentType = Optional.ofNullable(request.getHeaders().get(HttpHeader.CONTENT_TYPE)).orElse(DEFAULT_CONTENT_TYPE);
        Content.Source.asByteBufferAsync(request, maxMessageSize).whenComplete((body, readFailure) -> {
            if (readFailure != null) {
                Throwable cause = PlainAnswers.unwrap(readFailure);
                if (cause instanceof HttpException unreadable) {
                    // A body Jetty cannot take apart (a broken chunk, an early end): the client's fault.
                    unreadableBody(response, callback, unreadable);
                }
                else if (cause instanceof IllegalStateException) {
                    // Jetty fails the read this way once the body passes the limit.
                    tooLarge(response, callback);
                }
                else if (cause instanceof TimeoutException) {
                    // The client stopped sending in the middle of its body: its fault, not a server error.
                    bodyTimedOut(response, callback);
                }
                else {
                    callback.failed(cause);
                }
                return;
            }
            store.post(channel, contentType, body, postOptions).whenComplete((posted, failure) ->
                    answerPost(request, response, callback, channel, posted, failure));
        });
    }

    private void answerPost(Request request, Response response, Callback callback, ChannelId channel,
            Optional<PostResult> posted, Throwable failure) {
        if (failure != null) {
            PlainAnswers.storeFailure(response, callback, failure, "posting to channel " + channel);
            return;
        }
        if (posted.isEmpty()) {
            PlainAnswers.error(response, callback, HttpStatus.NOT_FOUND_404,
                    "channel " + channel + " does not exist; create it with PUT first (this location has create_on_post: false)");
            return;
        }
        ChannelInfo info = posted.get().channel();
        int status = info.waitingSubscribers() > 0 ? HttpStatus.CREATED_201 : HttpStatus.ACCEPTED_202;
        ChannelInfoAnswers.write(request, response, callback, status, info, lastRequests);
    }

    private void answerWithInfo(Request request, Response response, Callback callback, ChannelId channel,
            Optional<ChannelInfo> info, Throwable failure, String doing) {
        if (failure != null) {
            PlainAnswers.storeFailure(response, callback, failure, doing + " " + channel);
            return;
        }
        if (info.isEmpty()) {
            PlainAnswers.error(response, callback, HttpStatus.NOT_FOUND_404, "channel " + channel + " does not exist");
            return;
        }
        ChannelInfoAnswers.write(request, response, callback, HttpStatus.OK_200, info.get(), lastRequests);
    }

    /** The body's framing is broken, so nothing that follows on the connection can be trusted either: close it. */
    private static void unreadableBody(Response response, Callback callback, HttpException unreadable) {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        String reason = unreadable.getReason() == null ? "" : " (" + unreadable.getReason() + ")";
        PlainAnswers.error(response, callback, unreadable.getCode(),
                "the request body could not be read" + reason + "; is its Content-Length or chunked encoding right?");
    }

    /** Half a body and then silence for idle_timeout: the rest will not come, and the connection is closed. */
    private static void bodyTimedOut(Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        PlainAnswers.error(response, callback, HttpStatus.REQUEST_TIMEOUT_408,
                "the request body stopped arriving before its end (idle_timeout); send it whole");
    }

    private void tooLarge(Response response, Callback callback) {
        PlainAnswers.error(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413,
                "the message is larger than this location's max_message_size of " + maxMessageSize + " bytes");
    }
}
