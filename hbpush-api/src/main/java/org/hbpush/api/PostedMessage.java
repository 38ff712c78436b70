package org.hbpush.api;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A message just posted, as a {@link StoreListener} is told about it.
 *
 * <p>{@code previousId} is the id the channel's newest message had when this one got its id: a
 * subscriber whose last message is {@code previousId} (or any id from it up to, not including,
 * {@code id}) wants exactly this message, and the server can hand it over without reading the
 * store again. Other subscribers read the store.
 *
 * <p>The message itself travels in the event when the store has it at hand. It must when
 * {@code stored} is false (the post's {@link Retention#storeMessages()} was false): nobody could
 * read it later.
 *
 * @param id         the new message's id
 * @param previousId the id of the message before it in the channel; {@link MessageId#BEFORE_ALL}
 *                   for the first message the channel ever had
 * @param message    the message, when the store sends it along
 * @param stored     false when the message was not kept, only announced
 */
public record PostedMessage(MessageId id, MessageId previousId, Optional<Message> message, boolean stored) {
    public PostedMessage {
        requireNonNull(id, "id is null");
        requireNonNull(previousId, "previousId is null");
        requireNonNull(message, "message is null");
        if (!id.isAfter(previousId)) {
            throw new IllegalArgumentException("id " + id + " must follow previousId " + previousId);
        }
        if (message.isPresent() && !message.get().id().equals(id)) {
            throw new IllegalArgumentException("the message's id " + message.get().id() + " is not " + id);
        }
        if (!stored && message.isEmpty()) {
            throw new IllegalArgumentException("a message that was not stored must travel in the event");
        }
    }

    /** The event of a stored message, carried along. */
    public static PostedMessage stored(Message message, MessageId previousId) {
        return new PostedMessage(message.id(), previousId, Optional.of(message), true);
    }

    /** True when the message is the first one after {@code lastMessage}, so it can be handed over as is. */
    public boolean isNextAfter(MessageId lastMessage) {
        boolean before = lastMessage.compareTo(id) < 0;
        // A kept message is next only for a subscriber that has its predecessor; one that was not
        // kept is all a subscriber can still get, whatever it missed before.
        boolean noMessageBetween = !stored || lastMessage.compareTo(previousId) >= 0;
        return message.isPresent() && before && noMessageBetween;
    }
}
