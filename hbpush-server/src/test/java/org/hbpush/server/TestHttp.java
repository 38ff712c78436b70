package org.hbpush.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain HTTP/1.1 requests to a test server, the way a publisher or subscriber sends them.
 * Paths are sent as written: percent-escapes stay escapes.
 */
final class TestHttp {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ACTIVE_SUBSCRIBERS = Pattern.compile("active subscribers: (\\d+)");

    private final URI base;
    // Pinned: by default the client asks for Upgrade: h2c, which hands every plain connection over
    // to Jetty and would leave the lean HTTP/1 connection untested.
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .build();

    TestHttp(URI base) {
        this.base = base;
    }

    HttpResponse<String> put(String path) {
        return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> post(String path, String contentType, String body) {
        return post(path, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(String path, String contentType, byte[] body) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, String contentType, String body) {
        return client.sendAsync(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE());
    }

    /** GET with headers given as name, value, name, value... */
    HttpResponse<String> get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    HttpResponse<byte[]> getBytes(String path, String... headers) {
        try {
            return client.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET that may be held (long polling): the answer comes in the future. */
    CompletableFuture<HttpResponse<String>> getAsync(String path, String... headers) {
        HttpRequest request = HttpRequest.newBuilder(uri(path)).headers(headersOrNone(headers)).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Any method, without a body, with headers given as name, value, name, value... */
    HttpResponse<String> sendWithHeaders(String method, String path, String... headers) {
        return send(request(path, headers).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> send(String method, String path) {
        return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** The validators of a message answer, as the request headers that ask for the next message. */
    static String[] nextAfter(HttpResponse<?> response) {
        return new String[] {
                "If-Modified-Since", response.headers().firstValue("Last-Modified").orElseThrow(),
                "If-None-Match", response.headers().firstValue("Etag").orElseThrow()};
    }

    /**
     * Waits until the publisher's channel information counts {@code expected} waiting subscribers:
     * that is when held long polls are known to be held. Bounded by {@link #TIMEOUT}.
     */
    void awaitWaitingSubscribers(String publisherPath, int expected) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> info = get(publisherPath);
            Matcher matcher = ACTIVE_SUBSCRIBERS.matcher(info.body());
            if (info.statusCode() == 200 && matcher.find()) {
                last = Integer.parseInt(matcher.group(1));
                if (last == expected) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("expected " + expected + " waiting subscribers on " + publisherPath + ", last saw " + last);
    }

    private HttpRequest.Builder request(String path, String... headers) {
        return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).headers(headersOrNone(headers));
    }

    /** The path as written: {@code URI.resolve} would normalise dot segments away. */
    private URI uri(String path) {
        return URI.create(base.toString() + path);
    }

    /**
     * Sends a request line by hand, for paths {@link URI} refuses (bad escapes); returns the
     * status line and the body.
     */
    String raw(String method, String rawPath) {
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.getOutputStream().write((method + " " + rawPath + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String[] headersOrNone(String[] headers) {
        return headers.length == 0 ? new String[] {"User-Agent", "hbpush-test"} : headers;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Percent-encodes every byte of the id's UTF-8 form except unreserved characters. */
    static String encode(String channelId) {
        return encode(channelId.getBytes(StandardCharsets.UTF_8));
    }

    static String encode(byte[] channelId) {
        StringBuilder encoded = new StringBuilder();
        for (byte value : channelId) {
            int unsigned = value & 0xff;
            if (Character.isLetterOrDigit(unsigned) && unsigned < 0x80 || "-._~".indexOf(unsigned) >= 0) {
                encoded.append((char) unsigned);
            }
            else {
                encoded.append('%').append(String.format("%02X", unsigned));
            }
        }
        return encoded.toString();
    }

    static List<String> lines(String body) {
        return body.lines().toList();
    }
}
