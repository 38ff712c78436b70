package org.hbpush.store.postgresql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.MessageId;

import static java.util.Objects.requireNonNull;

/**
 * The SELECT columns that make a channel's information, and reading them back: one text for the
 * statements that describe a channel ({@link ChannelQueries}) and the one that posts to it
 * ({@link PostStatement}), so the two always tell the same.
 *
 * <p>The columns read a row {@code c} with the channel row's {@code id}, {@code last_time},
 * {@code last_tag} and {@code message_count}. They take one parameter, bound by {@link #bind}.
 */
final class ChannelInfoColumns {
    /** Where {@link #sqlLeavingOut} narrows the count of expired messages. */
    private static final String LEFT_OUT = "${leftOut}";

    private final String template;
    private final long nodeTimeoutMillis;

    ChannelInfoColumns(TableNames tables, Duration nodeTimeout) {
        requireNonNull(tables, "tables is null");
        this.nodeTimeoutMillis = requireNonNull(nodeTimeout, "nodeTimeout is null").toMillis();
        // The count leaves out expired messages the sweeper has not dropped yet (a few, found by
        // index); the waiting subscribers are those of nodes whose heartbeat is recent.
        this.template = tables.expand("""
                c.last_time, c.last_tag,
                       greatest(0, c.message_count - (SELECT count(*) FROM ${prefix}messages m
                                                       WHERE m.channel_id = c.id AND m.expires_at <= now()${leftOut})),
                       (SELECT coalesce(sum(w.subscribers), 0) FROM ${prefix}waiting_subscribers w
                          JOIN ${prefix}nodes n ON n.node_id = w.node_id
                         WHERE w.channel_id = c.id AND n.heartbeat_at > now() - ? * interval '1 millisecond')""");
    }

    /** The columns, to follow a {@code SELECT}. */
    String sql() {
        return template.replace(LEFT_OUT, "");
    }

    /**
     * The columns for a statement that also deletes messages of the channel: {@code deleted} names
     * its CTE returning their {@code id_time} and {@code id_tag}. Every part of a statement sees the
     * rows as they were before it, so the expired messages it counts would include deleted ones,
     * which the count it subtracts them from ({@code message_count} as the statement leaves it) no
     * longer holds: they are left out.
     */
    String sqlLeavingOut(String deleted) {
        return template.replace(LEFT_OUT, "\n AND NOT EXISTS (SELECT 1 FROM " + deleted
                + " d WHERE (d.id_time, d.id_tag) = (m.id_time, m.id_tag))");
    }

    /** Binds the columns' parameter at {@code index}; the index of the statement's next parameter. */
    int bind(PreparedStatement statement, int index) throws SQLException {
        statement.setLong(index, nodeTimeoutMillis);
        return index + 1;
    }

    /** The information that the current row's first four columns hold. */
    static ChannelInfo read(ResultSet row, ChannelId channel) throws SQLException {
        MessageId last = new MessageId(row.getLong(1), row.getLong(2));
        Optional<MessageId> lastMessage = last.equals(MessageId.BEFORE_ALL) ? Optional.empty() : Optional.of(last);
        return new ChannelInfo(channel, row.getLong(3), row.getLong(4), lastMessage);
    }
}
