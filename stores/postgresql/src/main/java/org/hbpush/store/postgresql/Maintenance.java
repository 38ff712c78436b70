package org.hbpush.store.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The SQL of the store's timed tasks: this node's heartbeat, dropping expired messages, and
 * forgetting what nobody needs any more (relayed events, nodes long gone).
 */
final class Maintenance {
    /** How long a relayed event is kept for the listeners to read it. */
    static final Duration RELAYED_EVENT_LIFETIME = Duration.ofMinutes(1);
    /** How long a silent node's row and counts are kept, so a node back from a long outage keeps them. */
    static final Duration SILENT_NODE_LIFETIME = Duration.ofHours(1);

    private final String heartbeat;
    private final String forgetNodeCounts;
    private final String forgetNode;
    private final String dropExpired;
    private final String forgetRelayed;
    private final String forgetSilentNodes;
    private final String forgetOrphanCounts;
    private final String nodeId;

    Maintenance(TableNames tables, String nodeId) {
        requireNonNull(tables, "tables is null");
        this.nodeId = requireNonNull(nodeId, "nodeId is null");
        this.heartbeat = tables.expand("""
                INSERT INTO ${prefix}nodes (node_id, heartbeat_at) VALUES (?, now())
                ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = EXCLUDED.heartbeat_at
                """);
        this.forgetNodeCounts = tables.expand("DELETE FROM ${prefix}waiting_subscribers WHERE node_id = ?");
        this.forgetNode = tables.expand("DELETE FROM ${prefix}nodes WHERE node_id = ?");
        // Channel rows are locked first, as a post locks them, and skipped when a post holds one, so
        // the sweepers of several nodes never wait for posts nor for each other. Only the expired
        // messages older than every live one go: a message kept longer shields the ones after it,
        // so the dropped ids stay the oldest and a reader's gap is told exactly. Each channel's
        // oldest live message is found once, by walking its index from the oldest message.
        this.dropExpired = tables.expand("""
                WITH locked AS (
                    SELECT c.id FROM ${prefix}channels c
                     WHERE c.id IN (SELECT channel_id FROM ${prefix}messages WHERE expires_at <= now() LIMIT 1000)
                       FOR NO KEY UPDATE OF c SKIP LOCKED
                ), oldest_live AS (
                    SELECT l.id AS channel_id, live.id_time, live.id_tag FROM locked l
                      LEFT JOIN LATERAL (
                           SELECT o.id_time, o.id_tag FROM ${prefix}messages o
                            WHERE o.channel_id = l.id AND (o.expires_at IS NULL OR o.expires_at > now())
                            ORDER BY o.id_time, o.id_tag LIMIT 1) live ON true
                ), expired AS (
                    DELETE FROM ${prefix}messages m USING oldest_live b
                     WHERE m.channel_id = b.channel_id AND m.expires_at <= now()
                       AND (b.id_time IS NULL OR (m.id_time, m.id_tag) < (b.id_time, b.id_tag))
                    RETURNING m.channel_id, m.id_time, m.id_tag
                ), newest AS (
                    SELECT DISTINCT ON (channel_id) channel_id, id_time, id_tag,
                           count(*) OVER (PARTITION BY channel_id) AS how_many
                      FROM expired
                     ORDER BY channel_id, id_time DESC, id_tag DESC
                )
                UPDATE ${prefix}channels c
                   SET message_count = greatest(0, c.message_count - n.how_many),
                       dropped_time = CASE WHEN (n.id_time, n.id_tag) > (c.dropped_time, c.dropped_tag) THEN n.id_time ELSE c.dropped_time END,
                       dropped_tag = CASE WHEN (n.id_time, n.id_tag) > (c.dropped_time, c.dropped_tag) THEN n.id_tag ELSE c.dropped_tag END
                  FROM newest n
                 WHERE c.id = n.channel_id
                """);
        this.forgetRelayed = tables.expand("DELETE FROM ${prefix}relayed_events WHERE created_at < now() - ? * interval '1 millisecond'");
        this.forgetSilentNodes = tables.expand("DELETE FROM ${prefix}nodes WHERE heartbeat_at < now() - ? * interval '1 millisecond'");
        this.forgetOrphanCounts = tables.expand("""
                DELETE FROM ${prefix}waiting_subscribers w
                 WHERE NOT EXISTS (SELECT 1 FROM ${prefix}nodes n WHERE n.node_id = w.node_id)
                """);
    }

    /** Records that this node is alive now, which keeps its waiting subscribers counted. */
    void heartbeat(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(heartbeat)) {
            statement.setString(1, nodeId);
            statement.executeUpdate();
        }
    }

    /** Removes this node and its counts: it is stopping, and holds no subscriber any more. */
    void forgetThisNode(Connection connection) throws SQLException {
        for (String sql : new String[] {forgetNodeCounts, forgetNode}) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, nodeId);
                statement.executeUpdate();
            }
        }
    }

    /** Drops expired messages, recording the newest dropped id of each channel for gap detection, and counting them off. */
    void dropExpiredMessages(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(dropExpired)) {
            statement.executeUpdate();
        }
    }

    /** Forgets relayed events every listener had time to read, and nodes silent for an hour with their counts. */
    void forgetStaleRows(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(forgetRelayed)) {
            statement.setLong(1, RELAYED_EVENT_LIFETIME.toMillis());
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(forgetSilentNodes)) {
            statement.setLong(1, SILENT_NODE_LIFETIME.toMillis());
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(forgetOrphanCounts)) {
            statement.executeUpdate();
        }
    }
}
