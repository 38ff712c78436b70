package org.hbpush.server.metrics;

import java.util.Locale;

/** The store calls that are timed, as the {@code operation} label names them ({@code first_message_after}). */
enum StoreOperation {
    CREATE_CHANNEL,
    CHANNEL_INFO,
    DELETE_CHANNEL,
    POST,
    FIRST_MESSAGE_AFTER,
    ADD_WAITING_SUBSCRIBERS,
    CLAIM_CHANNEL;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
