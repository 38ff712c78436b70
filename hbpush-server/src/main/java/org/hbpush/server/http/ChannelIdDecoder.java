package org.hbpush.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.hbpush.api.ChannelId;

/**
 * Turns the still percent-encoded part of a path that names a channel into the channel's bytes.
 *
 * <p>Jetty's own decoding would refuse or normalise what a channel id may hold ({@code %2F},
 * {@code %00}, {@code %0A}, dot segments), so the id is decoded here from the raw path: every
 * {@code %XX} becomes that byte, every other character its UTF-8 bytes. {@code +} stays a plus.
 */
public final class ChannelIdDecoder {
    private ChannelIdDecoder() {
    }

    public static ChannelId decode(String encoded) throws BadRequestException {
        if (encoded.isEmpty()) {
            throw new BadRequestException("the channel id is empty");
        }
        if (encoded.indexOf('%') < 0) {
            // The usual id has nothing to decode: every poll of a crowd decodes one, so no copies.
            return ChannelId.of(encoded);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        int index = 0;
        while (index < encoded.length()) {
            int escape = encoded.indexOf('%', index);
            int runEnd = escape < 0 ? encoded.length() : escape;
            if (index < runEnd) {
                // the characters up to the next escape, as UTF-8, in one piece
                bytes.writeBytes(encoded.substring(index, runEnd).getBytes(StandardCharsets.UTF_8));
            }
            if (escape < 0) {
                break;
            }
            if (escape + 2 >= encoded.length()) {
                throw badEscape(encoded, escape);
            }
            int high = Character.digit(encoded.charAt(escape + 1), 16);
            int low = Character.digit(encoded.charAt(escape + 2), 16);
            if (high < 0 || low < 0) {
                throw badEscape(encoded, escape);
            }
            bytes.write(high << 4 | low);
            index = escape + 3;
        }
        return ChannelId.of(bytes.toByteArray());
    }

    private static BadRequestException badEscape(String encoded, int index) {
        String escape = encoded.substring(index, Math.min(encoded.length(), index + 3));
        return new BadRequestException("the channel id has a bad percent-escape \"" + escape + "\"; use %XX with two hex digits");
    }
}
