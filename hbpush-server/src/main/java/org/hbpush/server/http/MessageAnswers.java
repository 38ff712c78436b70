package org.hbpush.server.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;

/**
 * Writes a message to a subscriber: its body unchanged, its Content-Type, and the validators the
 * subscriber sends back to get the next one.
 */
final class MessageAnswers {
    /** Set on a message answer when messages between the subscriber's and this one were dropped. */
    static final String GAP_HEADER = "X-Hbpush-Gap";
    static final String VARY = "If-Modified-Since, If-None-Match";
    // Encoded once: every answer to a subscriber carries them.
    private static final HttpField VARY_FIELD = new PreEncodedHttpField(HttpHeader.VARY, VARY);
    private static final HttpField NO_CACHE_FIELD = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
    // Every location's plain answers: the fields depend on the message id alone.
    private static final ValidatorFields PLAIN_VALIDATORS = new ValidatorFields();
    private static final ContentTypeFields CONTENT_TYPES = new ContentTypeFields();

    private MessageAnswers() {
    }

    /** Set on a multiplexed message answer: the channel it came from, percent-encoded as in URLs. */
    static final String CHANNEL_HEADER = "X-Hbpush-Channel";

    /**
     * 200 with a message from the subscriber's channel {@code index}, and the validators of the
     * subscriber's position after it.
     */
    static void message(Response response, Callback callback, SubscriberPosition before, int index, Message message, boolean gap) {
        response.setStatus(HttpStatus.OK_200);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(CONTENT_TYPES.of(message.contentType()));
        if (before.isMultiplexed()) {
            headers.put(HttpHeader.ETAG, before.after(index, message.id()).etag());
            headers.put(HttpHeader.LAST_MODIFIED, HttpDates.format(message.id().time()));
        }
        else {
            putPlainValidators(headers, message.id());
        }
        headers.add(VARY_FIELD);
        putCacheControl(headers);
        if (gap) {
            headers.put(GAP_HEADER, "true");
        }
        if (before.isMultiplexed()) {
            headers.put(CHANNEL_HEADER, ChannelIdEncoder.encode(before.channel(index)));
        }
        response.write(true, message.body(), callback);
    }

    /** 304: nothing newer than what the subscriber has; its validators come back unchanged. */
    static void notModified(Response response, Callback callback, SubscriberPosition position) {
        response.setStatus(HttpStatus.NOT_MODIFIED_304);
        HttpFields.Mutable headers = response.getHeaders();
        putCacheControl(headers);
        headers.add(VARY_FIELD);
        if (!position.hasNothing()) {
            if (position.isMultiplexed()) {
                headers.put(HttpHeader.ETAG, position.etag());
                headers.put(HttpHeader.LAST_MODIFIED, HttpDates.format(position.newestTime()));
            }
            else {
                putPlainValidators(headers, position.lastMessage(0));
            }
        }
        response.write(true, null, callback);
    }

    /** A plain subscriber's validators: the tag as Etag, the time as Last-Modified. */
    private static void putPlainValidators(HttpFields.Mutable headers, MessageId id) {
        ValidatorFields.Fields fields = PLAIN_VALIDATORS.of(id);
        headers.put(fields.etag());
        headers.put(fields.lastModified());
    }

    /**
     * Subscriber answers may be stored by a browser but must be revalidated: the browser then
     * still sends the validators, and never answers a poll from its cache.
     */
    private static void putCacheControl(HttpFields.Mutable headers) {
        headers.put(NO_CACHE_FIELD);
    }
}
