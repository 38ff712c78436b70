package org.hbpush.server.http;

import java.util.List;
import java.util.Locale;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.QuotedQualityCSV;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.api.ChannelInfo;

/**
 * Channel information for publishers, in the format the {@code Accept} header prefers: plain
 * text by default, JSON on request. The fields are those of Nchan's channel info, so its clients
 * read ours: {@code queued messages}, {@code active subscribers}, {@code last message id}.
 */
final class ChannelInfoAnswers {
    private static final String JSON = "application/json";

    private ChannelInfoAnswers() {
    }

    static void write(Request request, Response response, Callback callback, int status, ChannelInfo info) {
        if (prefersJson(request)) {
            PlainAnswers.text(response, callback, status, JSON, json(info));
        }
        else {
            PlainAnswers.text(response, callback, status, PlainAnswers.TEXT_PLAIN, text(info));
        }
    }

    static String text(ChannelInfo info) {
        return "queued messages: " + info.storedMessages() + "\n"
                + "active subscribers: " + info.waitingSubscribers() + "\n"
                + "last message id: " + info.lastMessageId().map(Object::toString).orElse("none") + "\n";
    }

    static String json(ChannelInfo info) {
        String lastMessageId = info.lastMessageId().map(id -> "\"" + id + "\"").orElse("null");
        return "{\"messages\": " + info.storedMessages()
                + ", \"subscribers\": " + info.waitingSubscribers()
                + ", \"last_message_id\": " + lastMessageId + "}\n";
    }

    /** True when the client ranks application/json above text/plain; quality values respected. */
    private static boolean prefersJson(Request request) {
        List<HttpField> accepts = request.getHeaders().getFields(HttpHeader.ACCEPT);
        if (accepts.isEmpty()) {
            return false;
        }
        QuotedQualityCSV ranked = new QuotedQualityCSV();
        for (HttpField accept : accepts) {
            ranked.addValue(accept.getValue());
        }
        for (String type : ranked.getValues()) {
            String mediaType = type.split(";", 2)[0].toLowerCase(Locale.ROOT).trim();
            if (mediaType.equals(JSON) || mediaType.equals("application/*")) {
                return true;
            }
            if (mediaType.equals("text/plain") || mediaType.equals("text/*") || mediaType.equals("*/*")) {
                return false;
            }
        }
        return false;
    }
}
