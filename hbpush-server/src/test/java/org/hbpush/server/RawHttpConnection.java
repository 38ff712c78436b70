package org.hbpush.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * One HTTP/1.1 connection on a plain socket, for tests that must control the connection itself:
 * requests written as given (a whole one, several pipelined, or part of one), answers read byte by
 * byte as they come on the wire, the next request on the same connection (the server handles it
 * only once the previous one ended), a half close, or a drop without a goodbye. A read waits at
 * most the read timeout given to {@link #open}, a safety net only: a test reads when it knows an
 * answer (or the end of the connection) is due.
 */
final class RawHttpConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        // a small buffer: soak tests hold thousands of these in the heap they measure
        this.in = new BufferedInputStream(socket.getInputStream(), 512);
        this.out = socket.getOutputStream();
    }

    /** Connects to the loopback port; a read waits at most {@code readTimeout}. */
    static RawHttpConnection open(int port, Duration readTimeout) {
        return open(port, readTimeout, 0);
    }

    /**
     * Connects with a receive buffer of {@code receiveBufferSize} bytes (the system's when 0): a
     * small one keeps the server's answers from fitting its socket at once, as a slow reader does.
     */
    static RawHttpConnection open(int port, Duration readTimeout, int receiveBufferSize) {
        Socket socket = new Socket();
        try {
            if (receiveBufferSize > 0) {
                // before connecting, so that the window offered to the server is small from the start
                socket.setReceiveBufferSize(receiveBufferSize);
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) readTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            return new RawHttpConnection(socket);
        }
        catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a GET with headers given as name, value, name, value...; does not wait for the answer. */
    void sendGet(String path, String... headers) {
        StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int index = 0; index + 1 < headers.length; index += 2) {
            request.append(headers[index]).append(": ").append(headers[index + 1]).append("\r\n");
        }
        send(request.append("\r\n").toString());
    }

    /** Sends bytes as they are (ISO-8859-1: one byte a character) in one write: a whole request, several, or part of one. */
    void send(String bytes) {
        try {
            out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the next answer with its body: by Content-Length, chunked, none (1xx, 204, 304), else up
     * to the end of the stream. Fails when the server closes the connection instead of answering.
     */
    Answer readAnswer() {
        return readAnswerOrNothing().orElseThrow(() -> new AssertionError("the server closed the connection instead of answering"));
    }

    /** Reads the next answer's head only, as after a HEAD request, a 1xx or a 304: no body bytes are read. */
    Answer readWithoutBody() {
        try {
            return readHead().orElseThrow(() -> new AssertionError("the server closed the connection instead of answering"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next answer, or empty when the server closed the connection (or reset it) before its first byte. */
    Optional<Answer> readAnswerOrNothing() {
        try {
            Optional<Answer> head = readHead();
            if (head.isEmpty()) {
                return head;
            }
            Answer answer = head.get();
            return Optional.of(new Answer(answer.statusLine(), answer.fieldLines(), body(answer)));
        }
        catch (SocketException e) {
            return Optional.empty();   // a reset (a read timeout is no SocketException: it fails below)
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Asserts that the server has closed the connection: the next read is the end of the stream (or
     * a reset), with no byte before it and within the read timeout.
     */
    void assertClosedByServer() {
        try {
            int next = in.read();
            assertThat(next).as("the server closed the connection (a byte was read instead)").isEqualTo(-1);
        }
        catch (SocketTimeoutException e) {
            fail("the server kept the connection open");
        }
        catch (SocketException e) {
            // a reset after the answer also ends the connection
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends what the client sends (a half close): the server reads end of stream, and may still answer. */
    void endOutput() {
        try {
            socket.shutdownOutput();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drops the connection at once with a reset (SO_LINGER 0), as a client that crashed or lost its network. */
    void abort() {
        try {
            socket.setSoLinger(true, 0);
        }
        catch (IOException ignored) {
            // closing below is what matters
        }
        closeQuietly(socket);
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private Optional<Answer> readHead() throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            return Optional.empty();
        }
        assertThat(statusLine).as("a status line").matches("HTTP/1\\.[01] \\d{3}( .*)?");
        List<String> fieldLines = new ArrayList<>();
        for (String line = readLine(); ; line = readLine()) {
            if (line == null) {
                throw new AssertionError("the connection ended inside the head of " + statusLine);
            }
            if (line.isEmpty()) {
                break;
            }
            assertThat(line.indexOf(':')).as("a header field: " + line).isPositive();
            fieldLines.add(line);
        }
        return Optional.of(new Answer(statusLine, List.copyOf(fieldLines), new byte[0]));
    }

    private byte[] body(Answer head) throws IOException {
        int status = head.status();
        if (status / 100 == 1 || status == 204 || status == 304) {
            return new byte[0];
        }
        if (head.headers("Transfer-Encoding").stream().anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("chunked"))) {
            return chunkedBody();
        }
        Optional<String> length = head.header("Content-Length");
        if (length.isPresent()) {
            int expected = Integer.parseInt(length.get());
            byte[] body = in.readNBytes(expected);
            if (body.length < expected) {
                throw new AssertionError("the connection ended " + body.length + " bytes into a body of " + expected);
            }
            return body;
        }
        return in.readAllBytes();
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String size = readLine(); ; size = readLine()) {
            assertThat(size).as("a chunk size").isNotNull();
            int length = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
            if (length == 0) {
                for (String trailer = readLine(); trailer != null && !trailer.isEmpty(); trailer = readLine()) {
                    // trailers: none expected, skipped
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(length);
            assertThat(chunk).as("a whole chunk of " + length + " bytes").hasSize(length);
            body.write(chunk);
            assertThat(readLine()).as("the CRLF after a chunk").isEmpty();
        }
    }

    /** A line ending in CRLF (a bare LF is accepted), without its end; null at the end of the stream before any byte. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int next = in.read(); next != -1; next = in.read()) {
            if (next == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(next);
        }
        if (line.size() > 0) {
            throw new AssertionError("the connection ended in the middle of a line: " + line.toString(StandardCharsets.ISO_8859_1));
        }
        return null;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ignored) {
            // nothing left to do with it
        }
    }

    /**
     * An answer as read from the wire: the status line, the header field lines in order as sent
     * (repeated names kept, line ends taken off), the body bytes.
     */
    record Answer(String statusLine, List<String> fieldLines, byte[] bodyBytes) {
        int status() {
            return Integer.parseInt(statusLine.split(" ", 3)[1]);
        }

        /** The head as read, each line ending in CRLF, the blank line last: for assertions on exact spelling. */
        String head() {
            StringBuilder head = new StringBuilder(statusLine).append("\r\n");
            fieldLines.forEach(line -> head.append(line).append("\r\n"));
            return head.append("\r\n").toString();
        }

        /** The value of the one field of this name (any spelling); fails when there are several. */
        Optional<String> header(String name) {
            List<String> values = headers(name);
            assertThat(values).as("at most one " + name + " field in " + fieldLines).hasSizeLessThan(2);
            return values.stream().findFirst();
        }

        /** The values of every field of this name (any spelling), in order; leading and trailing white space taken off. */
        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String line : fieldLines) {
                int colon = line.indexOf(':');
                if (line.substring(0, colon).equalsIgnoreCase(name)) {
                    values.add(line.substring(colon + 1).trim());
                }
            }
            return values;
        }

        /** The body as UTF-8 text. */
        String body() {
            return new String(bodyBytes, StandardCharsets.UTF_8);
        }

        /** The request headers that ask for the message after this one. */
        String[] nextAfter() {
            return new String[] {"If-Modified-Since", header("Last-Modified").orElseThrow(), "If-None-Match", header("Etag").orElseThrow()};
        }
    }
}
