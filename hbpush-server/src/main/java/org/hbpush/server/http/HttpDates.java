package org.hbpush.server.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates (RFC 9110 section 5.6.7): written in the IMF-fixdate form, read in all three forms a
 * client may send.
 */
final class HttpDates {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC_850 =
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US);
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US);

    /** The last date formatted: a message reaching a crowd is written with the same one many times. */
    private static volatile Formatted lastFormatted = new Formatted(0, IMF_FIXDATE.format(Instant.EPOCH));

    /** The last date parsed: a crowd of subscribers re-polls with the same If-Modified-Since. */
    private static volatile Parsed lastParsed = new Parsed("", Optional.of(0L));

    private record Formatted(long epochSeconds, String text) {
    }

    /** The answer is kept whole, so that a crowd's polls share it too. */
    private record Parsed(String text, Optional<Long> epochSeconds) {
    }

    private HttpDates() {
    }

    static String format(long epochSeconds) {
        Formatted last = lastFormatted;
        if (last.epochSeconds() == epochSeconds) {
            return last.text();
        }
        String text = IMF_FIXDATE.format(Instant.ofEpochSecond(epochSeconds));
        lastFormatted = new Formatted(epochSeconds, text);
        return text;
    }

    /** Seconds since the epoch, or empty when the text is not an HTTP date. */
    static Optional<Long> parseEpochSeconds(String text) {
        Parsed last = lastParsed;
        if (last.text().equals(text)) {
            return last.epochSeconds();
        }
        Optional<Long> seconds = parseUncached(text);
        if (seconds.isPresent()) {
            lastParsed = new Parsed(text, seconds);
        }
        return seconds;
    }

    private static Optional<Long> parseUncached(String text) {
        String trimmed = text.trim();
        try {
            return Optional.of(ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond());
        }
        catch (DateTimeParseException ignored) {
            // try the obsolete forms below
        }
        for (DateTimeFormatter obsolete : List.of(RFC_850, ASCTIME)) {
            try {
                return Optional.of(LocalDateTime.parse(trimmed, obsolete).toEpochSecond(ZoneOffset.UTC));
            }
            catch (DateTimeParseException ignored) {
                // next form
            }
        }
        return Optional.empty();
    }
}
