package org.hbpush.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 connection on a plain socket, for tests that must control the connection itself:
 * send the next request on the same connection (the server handles it only once the previous one
 * ended), or drop the connection without a goodbye. Reads answers with a Content-Length body,
 * which is what hbpushd sends.
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
        Socket socket = new Socket();
        try {
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
        request.append("\r\n");
        try {
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends bytes as they are (ISO-8859-1): a whole request, several, or part of one. */
    void send(String bytes) {
        try {
            out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next answer's head (status line, fields, blank line) as sent, without its body: for a HEAD answer. */
    String readHead() {
        try {
            StringBuilder head = new StringBuilder();
            for (String line = readLine(); line != null; line = readLine()) {
                head.append(line).append("\r\n");
                if (line.isEmpty()) {
                    break;
                }
            }
            return head.toString();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the server has closed the connection: nothing more to read. */
    boolean closedByServer() {
        try {
            return in.read() == -1;
        }
        catch (IOException e) {
            // a reset is a close too
            return true;
        }
    }

    /** Reads the next answer; fails when none comes within the read timeout. */
    Answer readAnswer() {
        try {
            String statusLine = readLine();
            if (statusLine == null) {
                throw new IOException("the server closed the connection before answering");
            }
            int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new IOException("the connection ended " + body.length + " bytes into a body of " + length);
            }
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
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

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int next = in.read(); next != -1; next = in.read()) {
            if (next == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(next);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ignored) {
            // nothing left to do with it
        }
    }

    /** A status, headers (names in lower case) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        /** The request headers that ask for the message after this one. */
        String[] nextAfter() {
            return new String[] {"If-Modified-Since", headers.get("last-modified"), "If-None-Match", headers.get("etag")};
        }
    }
}
