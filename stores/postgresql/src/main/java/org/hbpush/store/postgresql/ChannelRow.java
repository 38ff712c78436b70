package org.hbpush.store.postgresql;

import org.hbpush.api.MessageId;

import static java.util.Objects.requireNonNull;

/**
 * A channel's row, as a post reads it under the row lock.
 *
 * @param key        the row's id, which messages and counts refer to
 * @param last       the id of the channel's newest message; {@link MessageId#BEFORE_ALL} before the first
 * @param dropped    the newest id that retention dropped; {@link MessageId#BEFORE_ALL} when none was
 * @param messages   the channel's message rows, expired or not
 * @param nowSeconds the database's clock, read under the lock, in whole seconds
 */
record ChannelRow(long key, MessageId last, MessageId dropped, long messages, long nowSeconds) {
    ChannelRow {
        requireNonNull(last, "last is null");
        requireNonNull(dropped, "dropped is null");
    }
}
