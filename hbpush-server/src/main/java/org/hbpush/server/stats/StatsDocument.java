package org.hbpush.server.stats;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The answer of a stats location, rendered as text (the default, like Nchan's stub_status) or
 * JSON. The field names are the same in both: {@code messages_published} is
 * {@code messages published: N} in text.
 *
 * @param stats  the totals since this node started
 * @param stores the current state of each store, in configuration order
 */
public record StatsDocument(NodeStats stats, List<StoreState> stores) {
    public StatsDocument {
        requireNonNull(stats, "stats is null");
        stores = List.copyOf(requireNonNull(stores, "stores is null"));
    }

    public String text() {
        StringBuilder text = new StringBuilder();
        text.append("uptime seconds: ").append(stats.uptime().toSeconds()).append('\n');
        text.append("messages published: ").append(stats.published()).append('\n');
        text.append("messages delivered: ").append(stats.delivered()).append('\n');
        stats.requestsByLocationType().forEach((type, count) ->
                text.append("requests ").append(type).append(": ").append(count).append('\n'));
        text.append("answers 4xx: ").append(stats.clientErrors()).append('\n');
        text.append("answers 5xx: ").append(stats.serverErrors()).append('\n');
        text.append("waiting subscribers: ").append(stores.stream().mapToLong(StoreState::waitingSubscribers).sum()).append('\n');
        text.append("channels with waiting subscribers: ").append(stores.stream().mapToLong(StoreState::channels).sum()).append('\n');
        for (StoreState store : stores) {
            text.append("store ").append(store.store()).append(" (").append(store.type()).append("): ")
                    .append(store.waitingSubscribers()).append(" waiting subscribers, ")
                    .append(store.channels()).append(" channels\n");
        }
        return text.toString();
    }

    public String json() {
        StringBuilder json = new StringBuilder("{");
        json.append("\"uptime_seconds\": ").append(stats.uptime().toSeconds());
        json.append(", \"messages_published\": ").append(stats.published());
        json.append(", \"messages_delivered\": ").append(stats.delivered());
        json.append(", \"requests\": {");
        String separator = "";
        for (Map.Entry<String, Long> entry : stats.requestsByLocationType().entrySet()) {
            json.append(separator).append(quote(entry.getKey())).append(": ").append(entry.getValue());
            separator = ", ";
        }
        json.append("}, \"answers_4xx\": ").append(stats.clientErrors());
        json.append(", \"answers_5xx\": ").append(stats.serverErrors());
        json.append(", \"waiting_subscribers\": ").append(stores.stream().mapToLong(StoreState::waitingSubscribers).sum());
        json.append(", \"channels_with_waiting_subscribers\": ").append(stores.stream().mapToLong(StoreState::channels).sum());
        json.append(", \"stores\": {");
        separator = "";
        for (StoreState store : stores) {
            json.append(separator).append(quote(store.store())).append(": {\"type\": ").append(quote(store.type()))
                    .append(", \"waiting_subscribers\": ").append(store.waitingSubscribers())
                    .append(", \"channels\": ").append(store.channels()).append('}');
            separator = ", ";
        }
        return json.append("}}\n").toString();
    }

    /** A JSON string; store names come from the configuration file and may hold any character. */
    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    }
                    else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
