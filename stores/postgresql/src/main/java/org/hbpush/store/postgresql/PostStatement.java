package org.hbpush.store.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.Message;
import org.hbpush.api.Retention;

import static java.util.Objects.requireNonNull;

/**
 * The common post as one statement, on a channel row the transaction has locked: it stores the
 * message (unless its retention keeps none), records it in the channel's row, reads the channel's
 * information and sends the NOTIFY, all in one round trip instead of three or four. It is for
 * posts that trim nothing and whose event fits a NOTIFY payload whole; the others take the
 * statements of {@link MessageQueries} and {@link EventQueries} one by one.
 *
 * <p>Every part of one statement sees the same snapshot, taken before the statement's own writes.
 * So the information is read from the channel's row as the UPDATE returns it, and the expired
 * messages are counted from the snapshot, which lacks only the new message: never expired yet.
 * The UPDATE returns one row (the locked row, by its key), so pg_notify runs exactly once; the
 * notification goes out when the transaction commits.
 */
final class PostStatement {
    private final String storing;
    private final String notStoring;
    private final String notifyChannel;
    private final ChannelInfoColumns infoColumns;

    PostStatement(TableNames tables, ChannelInfoColumns infoColumns) {
        requireNonNull(tables, "tables is null");
        this.infoColumns = requireNonNull(infoColumns, "infoColumns is null");
        this.notifyChannel = tables.notifyChannel();
        String updated = "updated AS (" + tables.expand(MessageQueries.UPDATE_CHANNEL) + " RETURNING id, last_time, last_tag, message_count)";
        String select = "\nSELECT " + infoColumns.sql() + ",\n       pg_notify(?, ?)\n  FROM updated c";
        this.storing = "WITH inserted AS (" + tables.expand(MessageQueries.INSERT_MESSAGE) + "), " + updated + select;
        this.notStoring = "WITH " + updated + select;
    }

    /**
     * Posts {@code message} to the locked channel {@code row}, leaving it as {@code retained} says
     * (which drops nothing), and sends {@code payload}; the channel's information after the post.
     */
    ChannelInfo post(Connection connection, ChannelId channel, ChannelRow row, Message message, Retention retention, Retained retained,
            String payload) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(retention.storeMessages() ? storing : notStoring)) {
            int index = 1;
            if (retention.storeMessages()) {
                index = MessageQueries.bindInsert(statement, index, row.key(), message, retention);
            }
            index = MessageQueries.bindUpdate(statement, index, row.key(), message.id(), retained);
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
}
