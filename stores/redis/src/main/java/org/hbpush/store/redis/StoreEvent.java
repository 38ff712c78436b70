package org.hbpush.store.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.hbpush.api.ChannelId;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.PostedMessage;

import static java.util.Objects.requireNonNull;

/**
 * An event as the scripts publish it on the store's pub/sub channel, with the store instance that
 * caused it (so that one skips its own: it told its listeners already).
 *
 * <pre>
 * p &lt;source&gt; &lt;channel hex&gt; &lt;id&gt; &lt;previous id or none&gt; &lt;kept 1/0&gt; &lt;content type length&gt;\n&lt;content type&gt;&lt;body&gt;
 * d &lt;source&gt; &lt;channel hex&gt;
 * c &lt;source&gt; &lt;channel hex&gt; &lt;claimant&gt;
 * </pre>
 */
sealed interface StoreEvent {
    /** The store instance that published it. */
    String source();

    ChannelId channel();

    /** A message was posted; it travels along. */
    record Posted(String source, ChannelId channel, PostedMessage posted) implements StoreEvent {
        public Posted {
            requireNonNull(source, "source is null");
            requireNonNull(channel, "channel is null");
            requireNonNull(posted, "posted is null");
        }
    }

    /** The channel was deleted. */
    record Deleted(String source, ChannelId channel) implements StoreEvent {
        public Deleted {
            requireNonNull(source, "source is null");
            requireNonNull(channel, "channel is null");
        }
    }

    /** A subscriber claimed the channel (subscriber_concurrency: last). */
    record Claimed(String source, ChannelId channel, String claimant) implements StoreEvent {
        public Claimed {
            requireNonNull(source, "source is null");
            requireNonNull(channel, "channel is null");
            requireNonNull(claimant, "claimant is null");
        }

        /** The payload published for this claim. */
        byte[] encode() {
            return ("c " + source + " " + RedisKeys.member(channel) + " " + claimant).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Decodes a published payload.
     *
     * @throws IllegalArgumentException when it is not an event of this store's scripts
     */
    static StoreEvent decode(byte[] payload) {
        requireNonNull(payload, "payload is null");
        int newline = indexOf(payload, (byte) '\n');
        String header = new String(payload, 0, newline < 0 ? payload.length : newline, StandardCharsets.US_ASCII);
        String[] fields = header.split(" ");
        try {
            if (fields[0].equals("c") && fields.length == 4) {
                return new Claimed(fields[1], RedisKeys.channelOfMember(fields[2]), fields[3]);
            }
            if (fields[0].equals("d") && fields.length == 3) {
                return new Deleted(fields[1], RedisKeys.channelOfMember(fields[2]));
            }
            if (fields[0].equals("p") && fields.length == 7 && newline >= 0) {
                MessageId id = StreamIds.parse(fields[3]);
                MessageId previous = StreamIds.parsePrevious(fields[4]);
                boolean kept = fields[5].equals("1");
                int typeLength = Integer.parseInt(fields[6]);
                int typeStart = newline + 1;
                int bodyStart = typeStart + typeLength;
                if (bodyStart > payload.length) {
                    throw new IllegalArgumentException("the content type runs past the end");
                }
                String contentType = new String(payload, typeStart, typeLength, StandardCharsets.UTF_8);
                Message message = new Message(id, contentType, ByteBuffer.wrap(payload, bodyStart, payload.length - bodyStart));
                PostedMessage posted = new PostedMessage(id, previous, Optional.of(message), kept);
                return new Posted(fields[1], RedisKeys.channelOfMember(fields[2]), posted);
            }
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException("not an hbpush event: " + header, e);
        }
        throw new IllegalArgumentException("not an hbpush event: " + header);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int index = 0; index < bytes.length; index++) {
            if (bytes[index] == wanted) {
                return index;
            }
        }
        return -1;
    }
}
