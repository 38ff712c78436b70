package org.hbpush.bench;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads the HTTP/1.1 answers of one connection from its bytes, in whatever pieces they arrive: the
 * status, the fields the tool uses ({@code Last-Modified}, {@code Etag}, {@code X-Hbpush-Gap},
 * {@code Connection}) and the body, framed by {@code Content-Length}, chunked, or read to the close.
 * Interim (1xx) answers are skipped; 204 and 304 have no body. The tool never sends HEAD.
 */
final class AnswerParser {
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private enum Part { HEAD, SIZED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILER, BODY_TO_CLOSE }

    // unread bytes are bytes[start, end)
    private byte[] bytes = new byte[1024];
    private int start;
    private int end;

    private Part part = Part.HEAD;
    private int status;
    private String lastModified;
    private String etag;
    private boolean gap;
    private boolean closes;
    private long remaining;
    private byte[] chunked;
    private int chunkedLength;

    /** Takes every remaining byte of {@code in}. */
    void append(ByteBuffer in) throws MalformedAnswerException {
        int count = in.remaining();
        if (bytes.length - end < count) {
            makeRoom(count);
        }
        in.get(bytes, end, count);
        end += count;
    }

    /** The next whole answer in the bytes appended so far, or null when it is not all there yet. */
    Answer next() throws MalformedAnswerException {
        while (true) {
            switch (part) {
                case HEAD -> {
                    int headEnd = headEnd();
                    if (headEnd < 0) {
                        if (end - start > MAX_HEAD) {
                            throw new MalformedAnswerException("an answer head longer than " + MAX_HEAD + " bytes");
                        }
                        return null;
                    }
                    Answer bodiless = readHead(headEnd);
                    if (bodiless != null) {
                        return bodiless;
                    }
                }
                case SIZED_BODY -> {
                    if (end - start < remaining) {
                        return null;
                    }
                    String body = new String(bytes, start, (int) remaining, ISO_8859_1);
                    start += (int) remaining;
                    return finish(body);
                }
                case CHUNK_SIZE -> {
                    int lineEnd = lineEnd();
                    if (lineEnd < 0) {
                        return lineTooLong("chunk size");
                    }
                    long size = chunkSize(start, lineEnd);
                    start = lineEnd + 1;
                    remaining = size;
                    part = size == 0 ? Part.TRAILER : Part.CHUNK_DATA;
                }
                case CHUNK_DATA -> {
                    int count = (int) Math.min(remaining, end - start);
                    keepChunkData(count);
                    start += count;
                    remaining -= count;
                    if (remaining > 0) {
                        return null;
                    }
                    part = Part.CHUNK_END;
                }
                case CHUNK_END -> {
                    int lineEnd = lineEnd();
                    if (lineEnd < 0) {
                        return lineTooLong("chunk end");
                    }
                    if (lineLength(start, lineEnd) != 0) {
                        throw new MalformedAnswerException("a chunk longer than its size");
                    }
                    start = lineEnd + 1;
                    part = Part.CHUNK_SIZE;
                }
                case TRAILER -> {
                    int lineEnd = lineEnd();
                    if (lineEnd < 0) {
                        return lineTooLong("trailer");
                    }
                    boolean last = lineLength(start, lineEnd) == 0;
                    start = lineEnd + 1;
                    if (last) {
                        return finish(new String(chunked, 0, chunkedLength, ISO_8859_1));
                    }
                }
                case BODY_TO_CLOSE -> {
                    if (end - start > MAX_BODY) {
                        throw new MalformedAnswerException("a body longer than " + MAX_BODY + " bytes");
                    }
                    return null;
                }
            }
        }
    }

    /**
     * The connection ended: the answer whose body ran to the close, or empty when no answer was
     * begun; fails when the close cut an answer short.
     */
    Optional<Answer> endOfStream() throws MalformedAnswerException {
        if (part == Part.BODY_TO_CLOSE) {
            String body = new String(bytes, start, end - start, ISO_8859_1);
            start = end;
            return Optional.of(finish(body));
        }
        if (part == Part.HEAD && start == end) {
            return Optional.empty();
        }
        throw new MalformedAnswerException("the server closed the connection in the middle of an answer");
    }

    /** Whether no byte of an answer is waiting. */
    boolean isEmpty() {
        return part == Part.HEAD && start == end;
    }

    /** Forgets everything: for a new connection. */
    void reset() {
        start = 0;
        end = 0;
        part = Part.HEAD;
        chunked = null;
    }

    private Answer readHead(int headEnd) throws MalformedAnswerException {
        int lineEnd = indexOf('\n', start, headEnd);
        boolean http10 = readStatusLine(start, lineEnd);
        lastModified = null;
        etag = null;
        gap = false;
        Boolean keepAlive = null;
        long contentLength = -1;
        boolean isChunked = false;
        for (int line = lineEnd + 1;;) {
            int next = indexOf('\n', line, headEnd + 1);
            if (lineLength(line, next) == 0) {
                break;
            }
            int colon = indexOf(':', line, next);
            if (colon < 0) {
                throw new MalformedAnswerException("a header line without a colon");
            }
            String value = new String(bytes, colon + 1, lineLength(colon + 1, next), ISO_8859_1).strip();
            if (nameIs(line, colon, "content-length")) {
                long length = contentLength(value);
                if (contentLength >= 0 && contentLength != length) {
                    throw new MalformedAnswerException("two different Content-Length fields");
                }
                contentLength = length;
            }
            else if (nameIs(line, colon, "transfer-encoding")) {
                isChunked = value.toLowerCase().endsWith("chunked");
            }
            else if (nameIs(line, colon, "connection")) {
                String tokens = value.toLowerCase();
                if (tokens.contains("close")) {
                    keepAlive = false;
                }
                else if (tokens.contains("keep-alive") && keepAlive == null) {
                    keepAlive = true;
                }
            }
            else if (nameIs(line, colon, "last-modified")) {
                lastModified = value;
            }
            else if (nameIs(line, colon, "etag")) {
                etag = value;
            }
            else if (nameIs(line, colon, "x-hbpush-gap")) {
                gap = "true".equals(value);
            }
            line = next + 1;
        }
        start = headEnd + 1;
        closes = keepAlive == null ? http10 : !keepAlive;
        if (status < 100) {
            throw new MalformedAnswerException("a status code below 100: " + status);
        }
        if (status < 200) {
            // an interim answer (100 Continue, 103 Early Hints): the real one follows
            return null;
        }
        if (status == 204 || status == 304) {
            return finish("");
        }
        if (isChunked) {
            chunked = chunked == null ? new byte[256] : chunked;
            chunkedLength = 0;
            part = Part.CHUNK_SIZE;
        }
        else if (contentLength >= 0) {
            if (contentLength > MAX_BODY) {
                throw new MalformedAnswerException("a body longer than " + MAX_BODY + " bytes");
            }
            remaining = contentLength;
            part = Part.SIZED_BODY;
            if (bytes.length - start < contentLength) {
                makeRoom((int) contentLength - (end - start));
            }
        }
        else {
            closes = true;
            part = Part.BODY_TO_CLOSE;
        }
        return null;
    }

    /** Reads "HTTP/1.x NNN reason" into {@link #status}; true for HTTP/1.0. */
    private boolean readStatusLine(int from, int to) throws MalformedAnswerException {
        if (to - from < 12 || bytes[from] != 'H' || bytes[from + 1] != 'T' || bytes[from + 2] != 'T' || bytes[from + 3] != 'P'
                || bytes[from + 4] != '/' || bytes[from + 5] != '1' || bytes[from + 6] != '.' || bytes[from + 8] != ' ') {
            throw new MalformedAnswerException("not an HTTP/1 status line: "
                    + new String(bytes, from, Math.min(40, to - from), ISO_8859_1).strip());
        }
        int code = 0;
        for (int i = from + 9; i < from + 12; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new MalformedAnswerException("a status code that is not 3 digits");
            }
            code = code * 10 + digit;
        }
        status = code;
        return bytes[from + 7] == '0';
    }

    private Answer finish(String body) {
        Optional<Validators> validators = lastModified != null && etag != null
                ? Optional.of(new Validators(lastModified, etag))
                : Optional.empty();
        Answer answer = new Answer(status, validators, gap, closes, body);
        part = Part.HEAD;
        if (start == end) {
            start = 0;
            end = 0;
        }
        return answer;
    }

    /** The index of the '\n' that ends the head (the one of its empty line), or -1. */
    private int headEnd() {
        for (int i = indexOf('\n', start, end); i >= 0; i = indexOf('\n', i + 1, end)) {
            if (i + 1 < end && bytes[i + 1] == '\n') {
                return i + 1;
            }
            if (i + 2 < end && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
                return i + 2;
            }
        }
        return -1;
    }

    private int lineEnd() {
        return indexOf('\n', start, end);
    }

    private Answer lineTooLong(String what) throws MalformedAnswerException {
        if (end - start > 1024) {
            throw new MalformedAnswerException("a " + what + " line longer than 1024 bytes");
        }
        return null;
    }

    /** The length of the line from {@code from} to the '\n' at {@code newline}, without its '\r'. */
    private int lineLength(int from, int newline) {
        return newline > from && bytes[newline - 1] == '\r' ? newline - 1 - from : newline - from;
    }

    private int indexOf(char wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private boolean nameIs(int from, int colon, String lowerCaseName) {
        if (colon - from != lowerCaseName.length()) {
            return false;
        }
        for (int i = 0; i < lowerCaseName.length(); i++) {
            if ((bytes[from + i] | 0x20) != lowerCaseName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long contentLength(String value) throws MalformedAnswerException {
        try {
            long length = Long.parseLong(value);
            if (length >= 0) {
                return length;
            }
        }
        catch (NumberFormatException e) {
            // answered below
        }
        throw new MalformedAnswerException("a Content-Length that is not a length: " + value);
    }

    private long chunkSize(int from, int newline) throws MalformedAnswerException {
        long size = 0;
        int digits = 0;
        for (int i = from; i < from + lineLength(from, newline) && bytes[i] != ';'; i++) {
            int digit = Character.digit(bytes[i], 16);
            if (digit < 0) {
                if (bytes[i] == ' ' || bytes[i] == '\t') {
                    continue;
                }
                throw new MalformedAnswerException("a chunk size that is not hexadecimal");
            }
            size = size * 16 + digit;
            if (++digits > 8 || size > MAX_BODY) {
                throw new MalformedAnswerException("a body longer than " + MAX_BODY + " bytes");
            }
        }
        if (digits == 0) {
            throw new MalformedAnswerException("a chunk without a size");
        }
        return size;
    }

    private void keepChunkData(int count) throws MalformedAnswerException {
        if (chunkedLength + count > MAX_BODY) {
            throw new MalformedAnswerException("a body longer than " + MAX_BODY + " bytes");
        }
        if (chunked.length - chunkedLength < count) {
            chunked = Arrays.copyOf(chunked, Math.max(chunked.length * 2, chunkedLength + count));
        }
        System.arraycopy(bytes, start, chunked, chunkedLength, count);
        chunkedLength += count;
    }

    /** Room for {@code count} more bytes after the unread ones: moved to the front, grown when needed. */
    private void makeRoom(int count) throws MalformedAnswerException {
        int unread = end - start;
        if ((long) unread + count > MAX_HEAD + (long) MAX_BODY) {
            throw new MalformedAnswerException("an answer longer than " + (MAX_HEAD + MAX_BODY) + " bytes");
        }
        byte[] target = bytes.length >= unread + count ? bytes : new byte[Math.max(bytes.length * 2, unread + count)];
        System.arraycopy(bytes, start, target, 0, unread);
        bytes = target;
        start = 0;
        end = unread;
    }
}
