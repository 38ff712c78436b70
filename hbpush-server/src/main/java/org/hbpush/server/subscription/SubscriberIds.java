package org.hbpush.server.subscription;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for held subscribers that order them by when they were held, across nodes too (to the
 * precision of the nodes' clocks): the time in milliseconds, zero-padded to 15 digits so that ids
 * compare as text, then 16 random hex digits that make two ids of one millisecond different.
 *
 * <p>Only claims ({@code subscriber_concurrency: last}) read ids, so a held poll need not write its
 * id out when held: it takes the time and the random number then ({@link #randomPart()}), and
 * writes them out with {@link #of} if a claim asks.
 */
public final class SubscriberIds {
    private static final int MILLIS_DIGITS = 15;
    private static final HexFormat HEX = HexFormat.of();

    private SubscriberIds() {
    }

    /** The id of a subscriber held now. */
    public static String next() {
        return of(System.currentTimeMillis(), randomPart());
    }

    /** The random number that tells apart the ids of one millisecond. */
    public static long randomPart() {
        return ThreadLocalRandom.current().nextLong();
    }

    /** The id of a subscriber held at {@code heldAtMillis} that drew {@code randomPart}. */
    public static String of(long heldAtMillis, long randomPart) {
        // Built by hand: String.format cost more than the rest of holding a poll.
        String millis = Long.toString(heldAtMillis);
        StringBuilder id = new StringBuilder(MILLIS_DIGITS + 1 + 16);
        for (int padding = millis.length(); padding < MILLIS_DIGITS; padding++) {
            id.append('0');
        }
        return id.append(millis).append('-').append(HEX.toHexDigits(randomPart)).toString();
    }
}
