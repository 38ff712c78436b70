package org.hbpush.server.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.hbpush.api.ChannelId;
import org.hbpush.api.MessageId;

/**
 * Reads the message a subscriber already has from {@code If-Modified-Since} (its time) and
 * {@code If-None-Match} (its tag). Absent headers mean time 0 and tag -1: "before every message".
 */
final class SubscriberValidators {
    private SubscriberValidators() {
    }

    /**
     * The subscriber's position in its channels. A multiplexed subscriber sends back the compound
     * Etag of its last answer ({@link SubscriberPosition}); plain validators on a multiplexed
     * request apply to every channel.
     */
    static SubscriberPosition position(HttpFields headers, List<ChannelId> channels, boolean multiplexed) throws BadRequestException {
        String noneMatch = headers.get(HttpHeader.IF_NONE_MATCH);
        if (multiplexed) {
            Optional<List<MessageId>> compound = compoundEtag(noneMatch, channels.size());
            if (compound.isPresent()) {
                return SubscriberPosition.multiplexed(channels, compound.get());
            }
            return SubscriberPosition.multiplexed(channels, Collections.nCopies(channels.size(), lastMessageId(headers)));
        }
        return SubscriberPosition.single(channels.get(0), lastMessageId(headers));
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

    /** The per-channel ids of a compound Etag; empty when the value is a plain tag. */
    private static Optional<List<MessageId>> compoundEtag(String header, int channels) throws BadRequestException {
        if (header == null) {
            return Optional.empty();
        }
        String value = unquote(header);
        if (!value.contains(":") && !value.contains(";") && !value.equals("-")) {
            return Optional.empty();
        }
        String[] parts = value.split(";", -1);
        if (parts.length != channels) {
            throw new BadRequestException("If-None-Match \"" + header + "\" names " + parts.length
                    + " channels, the URL " + channels + "; send back the Etag of the last answer for these channels");
        }
        List<MessageId> ids = new ArrayList<>(parts.length);
        for (String part : parts) {
            ids.add(compoundPart(part.trim(), header));
        }
        return Optional.of(ids);
    }

    private static MessageId compoundPart(String part, String header) throws BadRequestException {
        if (part.equals("-")) {
            return MessageId.BEFORE_ALL;
        }
        int colon = part.indexOf(':');
        try {
            if (colon > 0) {
                return new MessageId(Long.parseLong(part.substring(0, colon)), Long.parseLong(part.substring(colon + 1)));
            }
        }
        catch (IllegalArgumentException e) {
            // reported below
        }
        throw new BadRequestException("If-None-Match \"" + header + "\" has \"" + part + "\"; each channel's entry is time:tag or -");
    }

    private static String unquote(String header) {
        String tag = header.trim();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        return tag;
    }

    /** Accepts {@code 0}, {@code "0"} and {@code W/"0"}. */
    private static long parseTag(String header) throws BadRequestException {
        String tag = unquote(header);
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
