package org.hbpush.server.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
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

    private MessageAnswers() {
    }

    static void message(Response response, Callback callback, Message message, boolean gap) {
        response.setStatus(HttpStatus.OK_200);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, message.contentType());
        putValidators(headers, message.id());
        putCacheControl(headers);
        if (gap) {
            headers.put(GAP_HEADER, "true");
        }
        response.write(true, message.body(), callback);
    }

    /** 304: nothing newer than what the subscriber has (interval polling). */
    static void notModified(Response response, Callback callback, MessageId lastMessageId) {
        response.setStatus(HttpStatus.NOT_MODIFIED_304);
        putCacheControl(response.getHeaders());
        if (lastMessageId.equals(MessageId.BEFORE_ALL)) {
            response.getHeaders().add(HttpHeader.VARY, VARY);
        }
        else {
            putValidators(response.getHeaders(), lastMessageId);
        }
        response.write(true, null, callback);
    }

    /**
     * Subscriber answers may be stored by a browser but must be revalidated: the browser then
     * still sends the validators, and never answers a poll from its cache.
     */
    private static void putCacheControl(HttpFields.Mutable headers) {
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
    }

    private static void putValidators(HttpFields.Mutable headers, MessageId id) {
        headers.put(HttpHeader.ETAG, Long.toString(id.tag()));
        headers.put(HttpHeader.LAST_MODIFIED, HttpDates.format(id.time()));
        headers.add(HttpHeader.VARY, VARY);
    }
}
