package org.hbpush.store.postgresql;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import org.hbpush.api.ChannelId;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.Retention;

import static java.util.Objects.requireNonNull;

/**
 * The SQL about messages: locking a channel to give the next id, storing a message and applying
 * its retention (keeping the channel's message count), and reading the first message after an id.
 * Each method runs on the caller's connection and transaction.
 */
final class MessageQueries {
    /** Stores a message row (also in {@link PostStatement}); its parameters are bound by {@link #bindInsert}. */
    static final String INSERT_MESSAGE = """
            INSERT INTO ${prefix}messages (channel_id, id_time, id_tag, content_type, body, expires_at)
            VALUES (?, ?, ?, ?, ?, CASE WHEN ? > 0 THEN clock_timestamp() + ? * interval '1 millisecond' END)
            """;
    /** Records a post in the channel's row (also in {@link PostStatement}); its parameters are bound by {@link #bindUpdate}. */
    static final String UPDATE_CHANNEL = channelUpdate("(?, ?)", "?");
    /**
     * Drops the oldest messages of a channel beyond the number kept, returning their ids (also in
     * {@link PostStatement}); its parameters are bound by {@link #bindDrop}.
     */
    static final String DROP_BEYOND_BUFFER = """
            DELETE FROM ${prefix}messages m
             USING (SELECT id_time, id_tag FROM ${prefix}messages WHERE channel_id = ?
                     ORDER BY id_time DESC, id_tag DESC OFFSET ?) doomed
             WHERE m.channel_id = ? AND m.id_time = doomed.id_time AND m.id_tag = doomed.id_tag
            RETURNING m.id_time, m.id_tag
            """;

    private final String lockChannel;
    private final String insertMessage;
    private final String dropBeyondBuffer;
    private final String updateChannel;
    private final String countRows;
    private final String firstAfter;

    MessageQueries(TableNames tables) {
        requireNonNull(tables, "tables is null");
        // clock_timestamp(), not now(): the time the lock was granted, not the time the transaction began.
        this.lockChannel = tables.expand("""
                SELECT id, last_time, last_tag, dropped_time, dropped_tag, message_count,
                       floor(extract(epoch FROM clock_timestamp()))::bigint
                  FROM ${prefix}channels WHERE channel = ? FOR NO KEY UPDATE
                """);
        this.insertMessage = tables.expand(INSERT_MESSAGE);
        this.dropBeyondBuffer = tables.expand(DROP_BEYOND_BUFFER);
        this.updateChannel = tables.expand(UPDATE_CHANNEL);
        this.countRows = tables.expand("SELECT count(*) FROM ${prefix}messages WHERE channel_id = ?");
        // The first unexpired message after the id, and whether the reader missed messages: dropped
        // by retention after its id, or expired between its id and the message found.
        this.firstAfter = tables.expand("""
                SELECT m.id_time, m.id_tag, m.content_type, m.body,
                       (c.dropped_time, c.dropped_tag) > (?, ?),
                       m.id_time IS NOT NULL AND EXISTS (
                           SELECT 1 FROM ${prefix}messages e
                            WHERE e.channel_id = c.id AND (e.id_time, e.id_tag) > (?, ?)
                              AND (e.id_time, e.id_tag) < (m.id_time, m.id_tag) AND e.expires_at <= now())
                  FROM ${prefix}channels c
                  LEFT JOIN LATERAL (
                       SELECT id_time, id_tag, content_type, body FROM ${prefix}messages
                        WHERE channel_id = c.id AND (id_time, id_tag) > (?, ?)
                          AND (expires_at IS NULL OR expires_at > now())
                        ORDER BY id_time, id_tag LIMIT 1) m ON true
                 WHERE c.channel = ?
                """);
    }

    /** Locks the channel's row so that this transaction alone gives its next id; empty when it does not exist. */
    Optional<ChannelRow> lockChannel(Connection connection, ChannelId channel) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(lockChannel)) {
            statement.setBytes(1, channel.bytes());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ChannelRow(row.getLong(1),
                        new MessageId(row.getLong(2), row.getLong(3)),
                        new MessageId(row.getLong(4), row.getLong(5)),
                        row.getLong(6), row.getLong(7)));
            }
        }
    }

    /**
     * Stores the message with the expiry of its retention, then drops the oldest messages beyond
     * the retention's buffer length. The channel's count says whether any are; the trim itself
     * counts from the rows, so a count gone wrong (rows deleted by hand) is set right, not trusted.
     */
    Retained store(Connection connection, ChannelRow row, Message message, Retention retention) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(insertMessage)) {
            bindInsert(statement, 1, row.key(), message, retention);
            statement.executeUpdate();
        }
        Optional<Retained> untrimmed = Retained.untrimmed(row, retention);
        if (untrimmed.isPresent()) {
            return untrimmed.get();
        }
        MessageId newestDropped = row.dropped();
        boolean droppedAny = false;
        try (PreparedStatement statement = connection.prepareStatement(dropBeyondBuffer)) {
            bindDrop(statement, 1, row.key(), retention.maxMessages());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    droppedAny = true;
                    MessageId gone = new MessageId(rows.getLong(1), rows.getLong(2));
                    if (gone.isAfter(newestDropped)) {
                        newestDropped = gone;
                    }
                }
            }
        }
        // Past a trim exactly maxMessages rows are left; with nothing to trim, the count was too high.
        return new Retained(newestDropped, droppedAny ? retention.maxMessages() : countRows(connection, row.key()));
    }

    /** Records the channel's newest id, and its newest dropped id and count once the post's retention is applied. */
    void updateChannel(Connection connection, long key, MessageId last, Retained retained) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(updateChannel)) {
            bindUpdate(statement, 1, key, last, retained);
            statement.executeUpdate();
        }
    }

    /**
     * The UPDATE that records a post in the channel's row: its newest id and the row's key are
     * parameters, bound in that order around the parameters of {@code newestDropped} (SQL giving the
     * newest dropped id as two columns, time and tag) and of {@code messages} (SQL giving the count).
     */
    static String channelUpdate(String newestDropped, String messages) {
        return "UPDATE ${prefix}channels SET last_time = ?, last_tag = ?, (dropped_time, dropped_tag) = " + newestDropped
                + ", message_count = " + messages + "\n WHERE id = ?\n";
    }

    /** Binds {@link #INSERT_MESSAGE}'s parameters from {@code index}; the index of the statement's next parameter. */
    static int bindInsert(PreparedStatement statement, int index, long key, Message message, Retention retention) throws SQLException {
        long timeoutMillis = retention.expires() ? Math.max(1, retention.messageTimeout().toMillis()) : 0;
        statement.setLong(index, key);
        statement.setLong(index + 1, message.id().time());
        statement.setLong(index + 2, message.id().tag());
        statement.setString(index + 3, message.contentType());
        statement.setBytes(index + 4, message.bodyBytes());
        statement.setLong(index + 5, timeoutMillis);
        statement.setLong(index + 6, timeoutMillis);
        return index + 7;
    }

    /** Binds {@link #UPDATE_CHANNEL}'s parameters from {@code index}; the index of the statement's next parameter. */
    static int bindUpdate(PreparedStatement statement, int index, long key, MessageId last, Retained retained) throws SQLException {
        statement.setLong(index, last.time());
        statement.setLong(index + 1, last.tag());
        statement.setLong(index + 2, retained.dropped().time());
        statement.setLong(index + 3, retained.dropped().tag());
        statement.setLong(index + 4, retained.messages());
        statement.setLong(index + 5, key);
        return index + 6;
    }

    /** Binds {@link #DROP_BEYOND_BUFFER}'s parameters from {@code index}, keeping the newest {@code kept} rows; the index of the next. */
    static int bindDrop(PreparedStatement statement, int index, long key, long kept) throws SQLException {
        statement.setLong(index, key);
        statement.setLong(index + 1, kept);
        statement.setLong(index + 2, key);
        return index + 3;
    }

    private long countRows(Connection connection, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(countRows)) {
            statement.setLong(1, key);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** The first unexpired message after {@code after}; empty when the channel does not exist. */
    Optional<MessageLookup> firstMessageAfter(Connection connection, ChannelId channel, MessageId after) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(firstAfter)) {
            for (int pair = 0; pair < 3; pair++) {
                statement.setLong(1 + 2 * pair, after.time());
                statement.setLong(2 + 2 * pair, after.tag());
            }
            statement.setBytes(7, channel.bytes());
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                long time = row.getLong(1);
                if (row.wasNull()) {
                    return Optional.of(MessageLookup.nothingNewer());
                }
                Message message = new Message(new MessageId(time, row.getLong(2)), row.getString(3), ByteBuffer.wrap(row.getBytes(4)));
                boolean droppedAfter = row.getBoolean(5) && !after.equals(MessageId.BEFORE_ALL);
                boolean skippedExpired = row.getBoolean(6);
                return Optional.of(droppedAfter || skippedExpired ? MessageLookup.foundAfterGap(message) : MessageLookup.found(message));
            }
        }
    }
}
