package org.hbpush.server.http;

import org.hbpush.api.ChannelId;

/**
 * Writes a channel id as it would appear in a URL: unreserved characters as they are, every other
 * byte as {@code %XX}. {@link ChannelIdDecoder} reads it back to the same bytes.
 */
final class ChannelIdEncoder {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ChannelIdEncoder() {
    }

    static String encode(ChannelId channel) {
        byte[] bytes = channel.bytes();
        StringBuilder encoded = new StringBuilder(bytes.length);
        for (byte value : bytes) {
            int unsigned = value & 0xff;
            if (isUnreserved(unsigned)) {
                encoded.append((char) unsigned);
            }
            else {
                encoded.append('%').append(HEX[unsigned >> 4]).append(HEX[unsigned & 0xf]);
            }
        }
        return encoded.toString();
    }

    private static boolean isUnreserved(int character) {
        return character >= 'a' && character <= 'z' || character >= 'A' && character <= 'Z'
                || character >= '0' && character <= '9' || character == '-' || character == '.'
                || character == '_' || character == '~';
    }
}
