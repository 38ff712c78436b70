package org.hbpush.store.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

import org.hbpush.api.ChannelId;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.StoreListeners;

import static java.util.Objects.requireNonNull;

/**
 * Sends events to the other nodes with NOTIFY, inside the transaction that made them: PostgreSQL
 * delivers a notification only when its transaction commits, so no node hears of a post that was
 * rolled back, and every listener hears the posts in commit order.
 */
final class EventQueries {
    private final String notifyChannel;
    private final String origin;
    private final String relay;
    private final String readRelayed;

    /** @param origin this store instance's name in the payloads, so it can skip its own events */
    EventQueries(TableNames tables, String origin) {
        requireNonNull(tables, "tables is null");
        this.origin = requireNonNull(origin, "origin is null");
        this.notifyChannel = tables.notifyChannel();
        this.relay = tables.expand("INSERT INTO ${prefix}relayed_events (payload) VALUES (?) RETURNING id");
        this.readRelayed = tables.expand("SELECT payload FROM ${prefix}relayed_events WHERE id = ?");
    }

    String origin() {
        return origin;
    }

    /** The payload of a post with its message, when it fits a NOTIFY: what most posts send, with no relayed row. */
    Optional<String> wholePayload(ChannelId channel, PostedMessage posted) {
        String whole = EventPayloads.posted(origin, channel, posted, true);
        return EventPayloads.fits(whole) ? Optional.of(whole) : Optional.empty();
    }

    /**
     * Tells the other nodes of a post whose message does not fit a NOTIFY with it (the caller found
     * {@link #wholePayload} empty): without the message when it is stored, else through a relayed row.
     */
    void postedWithoutRoom(Connection connection, ChannelId channel, PostedMessage posted) throws SQLException {
        if (posted.stored()) {
            // StoreListeners that want the message read it from the store.
            String bare = EventPayloads.posted(origin, channel, posted, false);
            send(connection, EventPayloads.fits(bare) ? bare : relay(connection, bare));
            return;
        }
        send(connection, relay(connection, EventPayloads.posted(origin, channel, posted, true)));
    }

    void deleted(Connection connection, ChannelId channel) throws SQLException {
        String payload = EventPayloads.deleted(origin, channel);
        send(connection, EventPayloads.fits(payload) ? payload : relay(connection, payload));
    }

    /** The payload kept in a relayed row; empty when it was already swept away. */
    Optional<String> relayed(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(readRelayed)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /** Tells every node that a subscriber claimed the channel. */
    void claimed(Connection connection, ChannelId channel, String claimant) throws SQLException {
        String payload = EventPayloads.claimed(origin, channel, claimant);
        send(connection, EventPayloads.fits(payload) ? payload : relay(connection, payload));
    }

    private String relay(Connection connection, String payload) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(relay)) {
            statement.setString(1, payload);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return EventPayloads.relayed(origin, row.getLong(1));
            }
        }
    }

    private void send(Connection connection, String payload) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
            statement.setString(1, notifyChannel);
            statement.setString(2, payload);
            statement.execute();
        }
    }
}
