package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code Last-Modified} and {@code Etag} of a message answer, kept exactly as the server sent them
 * so that they go back unchanged as {@code If-Modified-Since} and {@code If-None-Match}.
 *
 * @param lastModified the {@code Last-Modified} value, an HTTP date
 * @param etag the {@code Etag} value: the tag, bare, quoted or weak
 */
record Validators(String lastModified, String etag) {
    // every message of a second carries the same date: parse each once (a few thousand a run at most)
    private static final Map<String, Long> SECONDS = new ConcurrentHashMap<>();
    private static final int CACHED_DATES = 100_000;

    Validators {
        requireNonNull(lastModified, "lastModified is null");
        requireNonNull(etag, "etag is null");
    }

    /**
     * The message id these validators name, (time in seconds, tag), to check that a subscriber's
     * messages come in increasing order; empty when either value does not parse.
     */
    Optional<MessageId> messageId() {
        String tag = etag.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            Long time = SECONDS.get(lastModified);
            if (time == null) {
                time = ZonedDateTime.parse(lastModified.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
                if (SECONDS.size() < CACHED_DATES) {
                    SECONDS.put(lastModified, time);
                }
            }
            return Optional.of(new MessageId(time, Long.parseLong(tag)));
        }
        catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
