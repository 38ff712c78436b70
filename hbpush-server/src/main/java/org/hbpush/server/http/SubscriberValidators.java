package org.hbpush.server.http;

import java.util.Optional;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.hbpush.api.MessageId;

/**
 * Reads the message a subscriber already has from {@code If-Modified-Since} (its time) and
 * {@code If-None-Match} (its tag). Absent headers mean time 0 and tag -1: "before every message".
 */
final class SubscriberValidators {
    private SubscriberValidators() {
    }

    static MessageId lastMessageId(HttpFields headers) throws BadRequestException {
        long time = 0;
        long tag = -1;
        String modifiedSince = headers.get(HttpHeader.IF_MODIFIED_SINCE);
        if (modifiedSince != null) {
            Optional<Long> seconds = HttpDates.parseEpochSeconds(modifiedSince);
            if (seconds.isEmpty() || seconds.get() < 0) {
                throw new BadRequestException("If-Modified-Since \"" + modifiedSince + "\" is not an HTTP date such as \"Mon, 07 Jun 2010 16:21:50 GMT\"");
            }
            time = seconds.get();
        }
        String noneMatch = headers.get(HttpHeader.IF_NONE_MATCH);
        if (noneMatch != null) {
            tag = parseTag(noneMatch);
        }
        return new MessageId(time, tag);
    }

    /** Accepts {@code 0}, {@code "0"} and {@code W/"0"}. */
    private static long parseTag(String header) throws BadRequestException {
        String tag = header.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            long value = Long.parseLong(tag);
            if (value >= -1) {
                return value;
            }
        }
        catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadRequestException("If-None-Match \"" + header + "\" is not a message tag (a whole number, -1 or more)");
    }
}
