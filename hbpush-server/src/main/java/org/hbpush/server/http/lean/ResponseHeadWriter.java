package org.hbpush.server.http.lean;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.PreEncodedHttpField;

import static java.util.Objects.requireNonNull;

/**
 * Writes the head of an HTTP/1.1 response (status line, fields, framing, blank line) as bytes the
 * way Jetty 12.1's HttpGenerator does: known fields by their canonical name; in other names,
 * {@code :}, control characters but tab and characters above Latin-1 written as {@code .}; in
 * values, control characters but tab and characters above Latin-1 written as a space (so a value
 * cannot start a field of its own); pre-encoded fields (the cached {@code Date}) copied as they are.
 *
 * <p>Stateless: each head gets an array of its own, which {@link SharedResponseHeads} may hand to
 * many connections, so nothing writes into it once made.
 */
final class ResponseHeadWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON_SPACE = {':', ' '};
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CONNECTION_CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[][] STATUS_LINES = statusLines();

    /** How the body is delimited. */
    enum Framing {
        /** The fields say it already, or the status has no body. */
        AS_IS,
        /** Add {@code Content-Length}. */
        CONTENT_LENGTH,
        /** Add {@code Transfer-Encoding: chunked}. */
        CHUNKED
    }

    /**
     * The head, in a buffer over an array of its own.
     *
     * @param contentLength   the value of the added {@code Content-Length}, with {@link Framing#CONTENT_LENGTH}
     * @param connectionClose add {@code Connection: close}
     */
    ByteBuffer head(int status, HttpFields fields, Framing framing, long contentLength, boolean connectionClose) {
        requireNonNull(fields, "fields is null");
        requireNonNull(framing, "framing is null");
        byte[] statusLine = statusLine(status);
        int size = statusLine.length + CHUNKED.length + CONNECTION_CLOSE.length + CONTENT_LENGTH.length + 24;
        for (HttpField field : fields) {
            if (field.getValue() != null) {
                size += field.getName().length() + field.getValue().length() + 4;
            }
        }
        ByteBuffer out = ByteBuffer.wrap(new byte[size]);
        out.put(statusLine);
        for (HttpField field : fields) {
            if (field.getValue() != null) {
                putField(out, field);
            }
        }
        switch (framing) {
            case AS_IS -> {
            }
            case CONTENT_LENGTH -> out.put(CONTENT_LENGTH).put(Long.toString(contentLength).getBytes(StandardCharsets.ISO_8859_1)).put(CRLF);
            case CHUNKED -> out.put(CHUNKED);
        }
        if (connectionClose) {
            out.put(CONNECTION_CLOSE);
        }
        out.put(CRLF);
        return out.flip();
    }

    private static void putField(ByteBuffer out, HttpField field) {
        if (field instanceof PreEncodedHttpField preEncoded) {
            preEncoded.putTo(out, HttpVersion.HTTP_1_1);
            return;
        }
        HttpHeader header = field.getHeader();
        if (header != null) {
            out.put(header.getBytesColonSpace());
        }
        else {
            putName(out, field.getName());
            out.put(COLON_SPACE);
        }
        putValue(out, field.getValue());
        out.put(CRLF);
    }

    private static void putName(ByteBuffer out, String name) {
        for (int index = 0; index < name.length(); index++) {
            char character = name.charAt(index);
            out.put(character == ':' || unsafe(character) ? (byte) '.' : (byte) character);
        }
    }

    private static void putValue(ByteBuffer out, String value) {
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            out.put(unsafe(character) ? (byte) ' ' : (byte) character);
        }
    }

    private static boolean unsafe(char character) {
        return character > 0xFF || (character < 0x20 && character != '\t');
    }

    private static byte[] statusLine(int status) {
        if (status >= 100 && status < STATUS_LINES.length) {
            return STATUS_LINES[status];
        }
        return statusLineOf(status);
    }

    private static byte[][] statusLines() {
        byte[][] lines = new byte[600][];
        for (int status = 100; status < lines.length; status++) {
            lines[status] = statusLineOf(status);
        }
        return lines;
    }

    private static byte[] statusLineOf(int status) {
        return ("HTTP/1.1 " + status + " " + HttpStatus.getMessage(status) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
