package org.hbpush.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * The name of a channel: any sequence of bytes, once the server has percent-decoded it from the URL.
 *
 * <p>Spaces, non-ASCII text, control characters and even NUL are legal, so a store must never assume
 * that an id is printable or that it is valid UTF-8. Two ids are equal when their bytes are equal.
 * A store that maps ids to keys (Redis keys, table rows, file names) must do so injectively: two
 * different ids never share a key. {@link #toHex()} is one such mapping.
 *
 * <pre>{@code
 * ChannelId id = ChannelId.of("news");
 * ChannelId binary = ChannelId.of(new byte[] {'a', 0, '\n'});
 * }</pre>
 */
public final class ChannelId implements Comparable<ChannelId> {
    private final byte[] bytes;
    private final int hash;

    private ChannelId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** The id made of these bytes (copied). */
    public static ChannelId of(byte[] bytes) {
        requireNonNull(bytes, "bytes is null");
        return new ChannelId(bytes.clone());
    }

    /** The id made of the UTF-8 encoding of this text. */
    public static ChannelId of(String text) {
        requireNonNull(text, "text is null");
        return new ChannelId(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the id's bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The number of bytes in the id. */
    public int length() {
        return bytes.length;
    }

    /** The id as lowercase hexadecimal digits: an injective, printable key for stores that need one. */
    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The id for log lines and messages: printable ASCII as is, every other byte as {@code \xHH}.
     * Not injective ({@code \} is kept as is); never use it as a storage key.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(bytes.length);
        for (byte value : bytes) {
            int unsigned = value & 0xff;
            if (unsigned >= 0x20 && unsigned < 0x7f) {
                text.append((char) unsigned);
            }
            else {
                text.append("\\x").append(HexFormat.of().toHexDigits((byte) unsigned));
            }
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChannelId that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Orders ids by their bytes, compared as unsigned values. */
    @Override
    public int compareTo(ChannelId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }
}
