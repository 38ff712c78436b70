package org.hbpush.store.postgresql;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import org.hbpush.api.ChannelId;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.PostedMessage;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The text of NOTIFY payloads: ASCII words separated by spaces, binary fields in base64.
 *
 * <pre>
 * P origin channel time tag previous_time previous_tag stored [content_type body]
 * D origin channel
 * R origin relayed_event_id
 * </pre>
 *
 * The message itself ({@code content_type body}) travels when the payload stays under
 * {@link #MAX_PAYLOAD} bytes; otherwise listeners read it from the store. A message that was not
 * stored cannot be read later, so when it does not fit, the whole event goes through a
 * relayed_events row ({@code R}), and so does any event whose channel id alone is too long.
 */
final class EventPayloads {
    /** PostgreSQL refuses payloads of 8000 bytes or more; a margin for safety. */
    static final int MAX_PAYLOAD = 7900;

    private static final Base64.Encoder ENCODER = Base64.getEncoder();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private EventPayloads() {
    }

    /** The payload of a post, with the message if {@code withMessage} and it is present. */
    static String posted(String origin, ChannelId channel, PostedMessage posted, boolean withMessage) {
        StringBuilder payload = new StringBuilder("P ")
                .append(origin).append(' ')
                .append(ENCODER.encodeToString(channel.bytes())).append(' ')
                .append(posted.id().time()).append(' ').append(posted.id().tag()).append(' ')
                .append(posted.previousId().time()).append(' ').append(posted.previousId().tag()).append(' ')
                .append(posted.stored() ? '1' : '0');
        if (withMessage && posted.message().isPresent()) {
            Message message = posted.message().get();
            payload.append(' ').append(ENCODER.encodeToString(message.contentType().getBytes(StandardCharsets.UTF_8)))
                    .append(' ').append(ENCODER.encodeToString(message.bodyBytes()));
        }
        return payload.toString();
    }

    static String deleted(String origin, ChannelId channel) {
        return "D " + origin + " " + ENCODER.encodeToString(channel.bytes());
    }

    static String claimed(String origin, ChannelId channel, String claimant) {
        return "C " + origin + " " + ENCODER.encodeToString(channel.bytes()) + " " + ENCODER.encodeToString(claimant.getBytes(StandardCharsets.UTF_8));
    }

    static String relayed(String origin, long id) {
        return "R " + origin + " " + id;
    }

    static boolean fits(String payload) {
        // Every character is ASCII, so characters are bytes.
        return payload.length() <= MAX_PAYLOAD;
    }

    /** The event of a payload this class wrote. */
    static StoreEvent decode(String payload) {
        requireNonNull(payload, "payload is null");
        String[] words = payload.split(" ", -1);
        try {
            switch (words[0]) {
                case "P": {
                    if (words.length != 8 && words.length != 10) {
                        break;
                    }
                    ChannelId channel = ChannelId.of(DECODER.decode(words[2]));
                    MessageId id = new MessageId(Long.parseLong(words[3]), Long.parseLong(words[4]));
                    MessageId previous = new MessageId(Long.parseLong(words[5]), Long.parseLong(words[6]));
                    boolean stored = words[7].equals("1");
                    Optional<Message> message = words.length == 10
                            ? Optional.of(new Message(id, new String(DECODER.decode(words[8]), StandardCharsets.UTF_8),
                                    ByteBuffer.wrap(DECODER.decode(words[9]))))
                            : Optional.empty();
                    return new StoreEvent.Posted(words[1], channel, new PostedMessage(id, previous, message, stored));
                }
                case "D": {
                    if (words.length != 3) {
                        break;
                    }
                    return new StoreEvent.Deleted(words[1], ChannelId.of(DECODER.decode(words[2])));
                }
                case "C": {
                    if (words.length != 4) {
                        break;
                    }
                    return new StoreEvent.Claimed(words[1], ChannelId.of(DECODER.decode(words[2])),
                            new String(DECODER.decode(words[3]), StandardCharsets.UTF_8));
                }
                case "R": {
                    if (words.length != 3) {
                        break;
                    }
                    return new StoreEvent.Relayed(words[1], Long.parseLong(words[2]));
                }
                default:
                    break;
            }
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(format("malformed event payload: %.80s", payload), e);
        }
        throw new IllegalArgumentException(format("malformed event payload: %.80s", payload));
    }
}
