package org.hbpush.store.postgresql;

import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The names of one store's tables and of its NOTIFY channel, all starting with the
 * {@code table_prefix}, so that stores with different prefixes share a database without meeting.
 * The prefix is checked to be a plain lowercase identifier, which is what makes it safe to paste
 * into SQL.
 *
 * @param prefix the table prefix, such as {@code hbpush_}
 */
record TableNames(String prefix) {
    /** Leaves room for the longest suffix within PostgreSQL's 63-byte identifiers. */
    static final int MAX_PREFIX_LENGTH = 40;
    private static final Pattern PREFIX = Pattern.compile("[a-z_][a-z0-9_]{0," + (MAX_PREFIX_LENGTH - 1) + "}");

    TableNames {
        requireNonNull(prefix, "prefix is null");
        if (!isValidPrefix(prefix)) {
            throw new IllegalArgumentException("not a valid table prefix: " + prefix);
        }
    }

    static boolean isValidPrefix(String prefix) {
        return PREFIX.matcher(prefix).matches();
    }

    String schemaVersion() {
        return prefix + "schema_version";
    }

    String channels() {
        return prefix + "channels";
    }

    String messages() {
        return prefix + "messages";
    }

    String nodes() {
        return prefix + "nodes";
    }

    String waitingSubscribers() {
        return prefix + "waiting_subscribers";
    }

    String relayedEvents() {
        return prefix + "relayed_events";
    }

    /** The LISTEN/NOTIFY channel every node of this store listens on. */
    String notifyChannel() {
        return prefix + "events";
    }

    /** {@code sql} with every {@code ${prefix}} replaced by the prefix. */
    String expand(String sql) {
        return sql.replace("${prefix}", prefix);
    }
}
