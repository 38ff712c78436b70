package org.hbpush.store.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;

import static java.util.Objects.requireNonNull;

/**
 * The SQL about channels as a whole: creating, describing, deleting them, and counting their
 * waiting subscribers. Each method runs on the caller's connection and transaction.
 *
 * <p>Locks, so that posts, counts and deletes meet in one order: a post takes the channel row
 * {@code FOR NO KEY UPDATE} (posts to one channel take turns); a count change takes it
 * {@code FOR KEY SHARE} (it does not wait for posts, and a delete waits for it); a delete takes it
 * {@code FOR UPDATE}.
 */
final class ChannelQueries {
    private final String insertIfMissing;
    private final String describeByChannel;
    private final String describeByKey;
    private final String lockForDelete;
    private final String delete;
    private final String lockForCount;
    private final String addWaiting;
    private final String nodeId;
    private final ChannelInfoColumns infoColumns;

    ChannelQueries(TableNames tables, String nodeId, ChannelInfoColumns infoColumns) {
        requireNonNull(tables, "tables is null");
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.infoColumns = requireNonNull(infoColumns, "infoColumns is null");
        this.insertIfMissing = tables.expand("INSERT INTO ${prefix}channels (channel) VALUES (?) ON CONFLICT (channel) DO NOTHING");
        String describe = "SELECT " + infoColumns.sql() + tables.expand(" FROM ${prefix}channels c");
        this.describeByChannel = describe + " WHERE c.channel = ?";
        this.describeByKey = describe + " WHERE c.id = ?";
        this.lockForDelete = tables.expand("SELECT id FROM ${prefix}channels WHERE channel = ? FOR UPDATE");
        this.delete = tables.expand("DELETE FROM ${prefix}channels WHERE id = ?");
        this.lockForCount = tables.expand("SELECT id FROM ${prefix}channels WHERE channel = ? FOR KEY SHARE");
        this.addWaiting = tables.expand("""
                INSERT INTO ${prefix}waiting_subscribers AS w (channel_id, node_id, subscribers) VALUES (?, ?, greatest(0, ?))
                ON CONFLICT (channel_id, node_id) DO UPDATE SET subscribers = greatest(0, w.subscribers + ?)
                """);
    }

    /** Makes the channel's row if it has none. */
    void insertIfMissing(Connection connection, ChannelId channel) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(insertIfMissing)) {
            statement.setBytes(1, channel.bytes());
            statement.executeUpdate();
        }
    }

    /** The channel's information; empty when it does not exist. */
    Optional<ChannelInfo> describe(Connection connection, ChannelId channel) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(describeByChannel)) {
            statement.setBytes(infoColumns.bind(statement, 1), channel.bytes());
            return describe(statement, channel);
        }
    }

    /** The information of the channel whose row is {@code key}. */
    ChannelInfo describe(Connection connection, long key, ChannelId channel) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(describeByKey)) {
            statement.setLong(infoColumns.bind(statement, 1), key);
            return describe(statement, channel).orElseThrow(() -> new SQLException("the row of channel " + channel + " vanished under its lock"));
        }
    }

    /** Locks the channel's row against everything, for a delete; its key, or empty when it does not exist. */
    OptionalLong lockForDelete(Connection connection, ChannelId channel) throws SQLException {
        return lockedKey(connection, lockForDelete, channel);
    }

    /** Deletes the channel's row; its messages and counts go with it. */
    void delete(Connection connection, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(delete)) {
            statement.setLong(1, key);
            statement.executeUpdate();
        }
    }

    /** Adds {@code delta} to this node's count on the channel, stopping at zero; nothing when the channel does not exist. */
    void addWaitingSubscribers(Connection connection, ChannelId channel, int delta) throws SQLException {
        OptionalLong key = lockedKey(connection, lockForCount, channel);
        if (key.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(addWaiting)) {
            statement.setLong(1, key.getAsLong());
            statement.setString(2, nodeId);
            statement.setLong(3, delta);
            statement.setLong(4, delta);
            statement.executeUpdate();
        }
    }

    private static Optional<ChannelInfo> describe(PreparedStatement statement, ChannelId channel) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            return row.next() ? Optional.of(ChannelInfoColumns.read(row, channel)) : Optional.empty();
        }
    }

    private static OptionalLong lockedKey(Connection connection, String sql, ChannelId channel) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setBytes(1, channel.bytes());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
