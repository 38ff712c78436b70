package org.hbpush.api;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The answer of {@link Store#firstMessageAfter}: the first stored message after the id asked
 * for, or nothing newer.
 *
 * <p>{@code gap} says that messages after the id asked for are no longer stored (a retention limit
 * dropped them), so the message returned is not the one right after it. A store that never drops
 * messages always answers {@code gap == false}.
 *
 * @param message the first stored message after the id, if any
 * @param gap     true when messages between the id and {@code message} were dropped
 */
public record MessageLookup(Optional<Message> message, boolean gap) {
    private static final MessageLookup NOTHING_NEWER = new MessageLookup(Optional.empty(), false);

    public MessageLookup {
        requireNonNull(message, "message is null");
        if (gap && message.isEmpty()) {
            throw new IllegalArgumentException("a gap is reported only together with a message");
        }
    }

    /** The message right after the id asked for. */
    public static MessageLookup found(Message message) {
        return new MessageLookup(Optional.of(message), false);
    }

    /** The oldest message still stored, when the one right after the id asked for is gone. */
    public static MessageLookup foundAfterGap(Message message) {
        return new MessageLookup(Optional.of(message), true);
    }

    /** The channel exists and holds nothing after the id asked for. */
    public static MessageLookup nothingNewer() {
        return NOTHING_NEWER;
    }
}
