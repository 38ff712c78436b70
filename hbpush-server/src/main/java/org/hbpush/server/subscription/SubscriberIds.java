package org.hbpush.server.subscription;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for held subscribers that order them by when they were held, across nodes too (to the
 * precision of the nodes' clocks): the time in milliseconds, zero-padded to 15 digits so that ids
 * compare as text, then 16 random hex digits that make two ids of one millisecond different.
 */
public final class SubscriberIds {
    private static final int MILLIS_DIGITS = 15;
    private static final HexFormat HEX = HexFormat.of();

    private SubscriberIds() {
    }

    public static String next() {
        // Built by hand: every held poll takes one, and String.format cost more than the rest of holding it.
        String millis = Long.toString(System.currentTimeMillis());
        StringBuilder id = new StringBuilder(MILLIS_DIGITS + 1 + 16);
        for (int padding = millis.length(); padding < MILLIS_DIGITS; padding++) {
            id.append('0');
        }
        return id.append(millis).append('-').append(HEX.toHexDigits(ThreadLocalRandom.current().nextLong())).toString();
    }
}
