package org.hbpush.store.redis;

import java.util.Optional;

import org.hbpush.api.MessageId;

import static java.util.Objects.requireNonNull;

/**
 * Message ids as Redis stream ids: {@code time-tag}, the time in seconds where Redis would put
 * milliseconds. Stream ids sort as (first, second) pairs, exactly as {@link MessageId}s do, so a
 * channel's stream is in id order and {@code XRANGE (time-tag +} is "every message after".
 */
final class StreamIds {
    /** Written by the scripts for "no message before": the first message of a channel. */
    static final String NONE = "none";

    private StreamIds() {
    }

    /** The stream id of a message id; {@link MessageId#BEFORE_ALL}, which no message has, is the empty text. */
    static String format(MessageId id) {
        requireNonNull(id, "id is null");
        return id.equals(MessageId.BEFORE_ALL) ? "" : id.time() + "-" + id.tag();
    }

    /** The message id of a stream id written by the scripts. */
    static MessageId parse(String text) {
        requireNonNull(text, "text is null");
        int dash = text.indexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("not a stream id: " + text);
        }
        return new MessageId(Long.parseLong(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
    }

    /** A message id, or empty for the empty text (a channel that never had a message). */
    static Optional<MessageId> parseOptional(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(parse(text));
    }

    /** The id before a message: {@link MessageId#BEFORE_ALL} when the scripts wrote {@link #NONE} or nothing. */
    static MessageId parsePrevious(String text) {
        return text.isEmpty() || text.equals(NONE) ? MessageId.BEFORE_ALL : parse(text);
    }
}
