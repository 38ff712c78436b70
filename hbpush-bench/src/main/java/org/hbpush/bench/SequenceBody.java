package org.hbpush.bench;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bodies the tool posts: {@code hbpush-bench c=CHANNEL p=PUBLISHER s=SEQUENCE } padded with dots
 * to the requested size. Subscribers read the numbers back to find lost, duplicated and reordered
 * messages without trusting the server's ids.
 *
 * @param channel the index of the channel it was posted to
 * @param publisher the index of the publisher that posted it
 * @param sequence the publisher's sequence number on that channel, from 0
 */
record SequenceBody(int channel, int publisher, int sequence) {
    private static final Pattern FORMAT = Pattern.compile("^hbpush-bench c=(\\d+) p=(\\d+) s=(\\d+) ");

    /** The body of at least {@code size} bytes (longer when the numbers do not fit). */
    byte[] toBytes(int size) {
        byte[] text = ("hbpush-bench c=" + channel + " p=" + publisher + " s=" + sequence + " ").getBytes(ISO_8859_1);
        if (text.length >= size) {
            return text;
        }
        byte[] padded = Arrays.copyOf(text, size);
        Arrays.fill(padded, text.length, size, (byte) '.');
        return padded;
    }

    /** The numbers of a body the tool posted; empty for any other body. */
    static Optional<SequenceBody> parse(String body) {
        Matcher matcher = FORMAT.matcher(body);
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SequenceBody(
                    Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3))));
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
