package org.hbpush.server.http;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.QuotedQualityCSV;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.MessageId;
import org.hbpush.server.subscription.LastRequests;

/**
 * Channel information for publishers, in the format the {@code Accept} header prefers: plain
 * text by default; JSON, XML or YAML on request, quality values respected. The fields are those
 * of Nchan's channel info, so its clients read ours: queued messages, last requested (by a
 * subscriber, on this node), active subscribers (on every node), last message id.
 */
final class ChannelInfoAnswers {
    private ChannelInfoAnswers() {
    }

    /** The formats, each with the media types that ask for it. */
    enum Format {
        TEXT("text/plain; charset=utf-8", "text/plain", "text/*", "*/*"),
        JSON("application/json", "application/json", "application/*"),
        XML("application/xml; charset=utf-8", "application/xml", "text/xml"),
        YAML("application/yaml; charset=utf-8", "application/yaml", "text/yaml", "application/x-yaml", "text/x-yaml");

        private final String contentType;
        private final List<String> acceptedAs;

        Format(String contentType, String... acceptedAs) {
            this.contentType = contentType;
            this.acceptedAs = List.of(acceptedAs);
        }

        /**
         * @param requestedSecondsAgo seconds since a subscriber last asked for the channel on this
         *                            node; empty when none did
         */
        String render(ChannelInfo info, Optional<Long> requestedSecondsAgo) {
            long messages = info.storedMessages();
            long subscribers = info.waitingSubscribers();
            Optional<String> last = info.lastMessageId().map(MessageId::toString);
            Optional<String> requested = requestedSecondsAgo.map(String::valueOf);
            return switch (this) {
                case TEXT -> "queued messages: " + messages + "\n"
                        + "last requested: " + requested.map(seconds -> seconds + " sec. ago").orElse("never") + "\n"
                        + "active subscribers: " + subscribers + "\n"
                        + "last message id: " + last.orElse("none") + "\n";
                case JSON -> "{\"messages\": " + messages + ", \"requested\": " + requested.orElse("null")
                        + ", \"subscribers\": " + subscribers
                        + ", \"last_message_id\": " + last.map(id -> "\"" + id + "\"").orElse("null") + "}\n";
                case XML -> "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<channel>\n"
                        + "  <messages>" + messages + "</messages>\n"
                        + requested.map(seconds -> "  <requested>" + seconds + "</requested>\n").orElse("  <requested/>\n")
                        + "  <subscribers>" + subscribers + "</subscribers>\n"
                        + last.map(id -> "  <last_message_id>" + id + "</last_message_id>\n").orElse("  <last_message_id/>\n")
                        + "</channel>\n";
                case YAML -> "---\nmessages: " + messages + "\nrequested: " + requested.orElse("~")
                        + "\nsubscribers: " + subscribers
                        + "\nlast_message_id: " + last.map(id -> "\"" + id + "\"").orElse("~") + "\n";
            };
        }
    }

    static void write(Request request, Response response, Callback callback, int status, ChannelInfo info,
            LastRequests lastRequests) {
        Format format = negotiate(request.getHeaders().getFields(HttpHeader.ACCEPT));
        Optional<Long> requestedSecondsAgo = lastRequests.lastRequested(info.channel())
                .map(time -> Math.max(0, Duration.between(time, lastRequests.clock().instant()).toSeconds()));
        PlainAnswers.text(response, callback, status, format.contentType, format.render(info, requestedSecondsAgo));
    }

    /** The format the client ranks highest; the default when it accepts none of ours. */
    static Format negotiate(List<HttpField> accepts) {
        if (accepts.isEmpty()) {
            return Format.TEXT;
        }
        QuotedQualityCSV ranked = new QuotedQualityCSV();
        for (HttpField accept : accepts) {
            ranked.addValue(accept.getValue());
        }
        for (String value : ranked.getValues()) {
            String mediaType = value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            for (Format format : Format.values()) {
                if (format.acceptedAs.contains(mediaType)) {
                    return format;
                }
            }
        }
        return Format.TEXT;
    }
}
