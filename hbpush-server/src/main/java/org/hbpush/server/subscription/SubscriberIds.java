package org.hbpush.server.subscription;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids for held subscribers that order them by when they were held, across nodes too (to the
 * precision of the nodes' clocks): the time in milliseconds, zero-padded so that ids compare as
 * text, then random digits that make two ids of one millisecond different.
 */
public final class SubscriberIds {
    private SubscriberIds() {
    }

    public static String next() {
        return String.format("%015d-%s", System.currentTimeMillis(),
                HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
    }
}
