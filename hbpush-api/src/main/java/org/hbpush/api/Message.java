package org.hbpush.api;

import java.nio.ByteBuffer;

import static java.util.Objects.requireNonNull;

/**
 * A message as stored in a channel: its id, the Content-Type it was posted with and its body.
 *
 * <p>Immutable: the body is copied in and handed out as read-only views, so one message can be
 * written to many subscribers at once.
 *
 * <pre>{@code
 * Message message = new Message(id, "text/plain", ByteBuffer.wrap("hello".getBytes(UTF_8)));
 * ByteBuffer body = message.body();   // read-only, positioned at 0
 * }</pre>
 */
public final class Message {
    private final MessageId id;
    private final String contentType;
    private final ByteBuffer body;

    /**
     * @param id          the id the store assigned
     * @param contentType the Content-Type the publisher sent, as sent
     * @param body        the bytes between its position and limit are copied; it is not changed
     */
    public Message(MessageId id, String contentType, ByteBuffer body) {
        this.id = requireNonNull(id, "id is null");
        this.contentType = requireNonNull(contentType, "contentType is null");
        requireNonNull(body, "body is null");
        ByteBuffer copy = ByteBuffer.allocate(body.remaining());
        copy.put(body.duplicate());
        this.body = copy.flip().asReadOnlyBuffer();
    }

    /** The message's id in its channel. */
    public MessageId id() {
        return id;
    }

    /** The Content-Type the message was posted with. */
    public String contentType() {
        return contentType;
    }

    /** A read-only view of the body, from position 0 to its length. */
    public ByteBuffer body() {
        return body.duplicate();
    }

    /** A copy of the body. */
    public byte[] bodyBytes() {
        byte[] bytes = new byte[body.remaining()];
        body.duplicate().get(bytes);
        return bytes;
    }

    /** The body's length in bytes. */
    public int bodyLength() {
        return body.remaining();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Message that
                && id.equals(that.id)
                && contentType.equals(that.contentType)
                && body.equals(that.body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * id.hashCode() + contentType.hashCode()) + body.hashCode();
    }

    @Override
    public String toString() {
        return "Message[" + id + ", " + contentType + ", " + body.remaining() + " bytes]";
    }
}
