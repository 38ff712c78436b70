package org.hbpush.store.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.Retention;

import static java.util.Objects.requireNonNull;

/**
 * A post as one statement, on a channel row the transaction has locked: it stores the message
 * (unless its retention keeps none), drops the oldest messages beyond the buffer when the channel
 * is full, records it all in the channel's row, reads the channel's information and sends the
 * NOTIFY, in one round trip instead of three to seven. It is for posts whose event fits a NOTIFY
 * payload whole; the others take the statements of {@link MessageQueries} and {@link EventQueries}
 * one by one.
 *
 * <p>Every part of one statement sees the same snapshot, taken before the statement's own writes.
 * So the information is read from the channel's row as the UPDATE returns it, and the expired
 * messages are counted from the snapshot, which lacks only the new message (never expired yet)
 * and still holds those the trim deletes (left out). The trim, seeing the old messages only,
 * keeps one fewer of them than the buffer holds: the new message fills it. The UPDATE returns one
 * row (the locked row, by its key), so pg_notify runs exactly once; the notification goes out
 * when the transaction commits.
 */
final class PostStatement {
    /**
     * The newest dropped id after a trim: the newest message it deleted, or the row's own dropped id
     * (two parameters) when that is newer. A data-modifying CTE's RETURNING rows are visible to the
     * rest of the statement.
     */
    private static final String NEWEST_DROPPED = """
            (SELECT id_time, id_tag FROM dropped UNION ALL SELECT ?, ?
              ORDER BY id_time DESC, id_tag DESC LIMIT 1)""";
    /**
     * Past a trim exactly the buffer's length is left (a parameter). A trim that deleted nothing
     * means the count was too high (rows deleted by hand): then, and only then, the rows are counted,
     * those of the snapshot and the new one, so the count sets itself right.
     */
    private static final String MESSAGES_AFTER_TRIM = """
            CASE WHEN EXISTS (SELECT 1 FROM dropped) THEN ?
                        ELSE (SELECT count(*) + 1 FROM ${prefix}messages WHERE channel_id = ?) END""";

    private final String storing;
    private final String notStoring;
    private final String trimming;
    private final String notifyChannel;
    private final ChannelInfoColumns infoColumns;

    PostStatement(TableNames tables, ChannelInfoColumns infoColumns) {
        requireNonNull(tables, "tables is null");
        this.infoColumns = requireNonNull(infoColumns, "infoColumns is null");
        this.notifyChannel = tables.notifyChannel();
        String inserted = "inserted AS (" + tables.expand(MessageQueries.INSERT_MESSAGE) + ")";
        String dropped = "dropped AS (" + tables.expand(MessageQueries.DROP_BEYOND_BUFFER) + ")";
        String updated = updated(tables.expand(MessageQueries.UPDATE_CHANNEL));
        String updatedAfterTrim = updated(tables.expand(MessageQueries.channelUpdate(NEWEST_DROPPED, MESSAGES_AFTER_TRIM)));
        this.storing = "WITH " + inserted + ", " + updated + select(infoColumns.sql());
        this.notStoring = "WITH " + updated + select(infoColumns.sql());
        this.trimming = "WITH " + inserted + ", " + dropped + ", " + updatedAfterTrim + select(infoColumns.sqlLeavingOut("dropped"));
    }

    /**
     * Posts {@code message} to the locked channel {@code row}, applies {@code retention} and sends
     * {@code payload}; the channel's information after the post.
     */
    ChannelInfo post(Connection connection, ChannelId channel, ChannelRow row, Message message, Retention retention, String payload)
            throws SQLException {
        Optional<Retained> untrimmed = Retained.untrimmed(row, retention);
        try (PreparedStatement statement = connection.prepareStatement(sql(retention, untrimmed.isPresent()))) {
            int index = 1;
            if (retention.storeMessages()) {
                index = MessageQueries.bindInsert(statement, index, row.key(), message, retention);
            }
            index = untrimmed.isPresent()
                    ? MessageQueries.bindUpdate(statement, index, row.key(), message.id(), untrimmed.get())
                    : bindTrim(statement, index, row, message.id(), retention.maxMessages());
            index = infoColumns.bind(statement, index);
            statement.setString(index, notifyChannel);
            statement.setString(index + 1, payload);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    throw new SQLException("the row of channel " + channel + " vanished under its lock");
                }
                return ChannelInfoColumns.read(result, channel);
            }
        }
    }

    private String sql(Retention retention, boolean untrimmed) {
        if (!untrimmed) {
            return trimming;
        }
        return retention.storeMessages() ? storing : notStoring;
    }

    /** Binds the trim and the row's update after it, from {@code index}; the index of the statement's next parameter. */
    private static int bindTrim(PreparedStatement statement, int index, ChannelRow row, MessageId last, int maxMessages) throws SQLException {
        index = MessageQueries.bindDrop(statement, index, row.key(), maxMessages - 1);
        statement.setLong(index, last.time());
        statement.setLong(index + 1, last.tag());
        statement.setLong(index + 2, row.dropped().time());
        statement.setLong(index + 3, row.dropped().tag());
        statement.setLong(index + 4, maxMessages);
        statement.setLong(index + 5, row.key());
        statement.setLong(index + 6, row.key());
        return index + 7;
    }

    private static String updated(String update) {
        return "updated AS (" + update + " RETURNING id, last_time, last_tag, message_count)";
    }

    private static String select(String infoColumns) {
        return "\nSELECT " + infoColumns + ",\n       pg_notify(?, ?)\n  FROM updated c";
    }
}
