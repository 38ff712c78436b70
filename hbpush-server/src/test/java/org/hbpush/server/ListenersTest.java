package org.hbpush.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Two listeners: {@code public} serves HTTPS (HTTP/2 or HTTP/1.1 by ALPN) with a self-signed
 * certificate made for the test; {@code internal} serves plain HTTP on another port and is the only
 * one with the publisher location.
 */
class ListenersTest {
    @TempDir
    static Path directory;
    private static SelfSignedKeystore keystore;

    private RunningServer server;
    private TestHttp internal;
    private HttpClient http2;
    private HttpClient http11;

    @BeforeAll
    static void makeKeystore() throws Exception {
        keystore = SelfSignedKeystore.create(directory);
    }

    @BeforeEach
    void start() throws Exception {
        server = startPublicAndInternal();
        internal = new TestHttp(URI.create("http://127.0.0.1:" + server.port("internal")));
        SSLContext trusting = keystore.clientContext();
        http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(trusting).connectTimeout(TestHttp.TIMEOUT).build();
        http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trusting).connectTimeout(TestHttp.TIMEOUT).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("HTTPS clients that offer h2 get HTTP/2")
    void http2OverTls() throws Exception {
        internal.post("/pub/news", "text/plain", "over h2");

        HttpResponse<String> answer = http2.send(get("/sub/news"), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("over h2");
        assertThat(answer.headers().firstValue("Etag")).isPresent();
    }

    @Test
    @DisplayName("HTTPS clients that offer only HTTP/1.1 get HTTP/1.1")
    void http11OverTls() throws Exception {
        internal.post("/pub/news", "text/plain", "over http/1.1");

        HttpResponse<String> answer = http11.send(get("/sub/news"), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("over http/1.1");
    }

    @Test
    @DisplayName("a long poll held over HTTP/2 gets the message posted on the internal listener")
    void longPollOverHttp2() throws Exception {
        internal.put("/pub/live");
        CompletableFuture<HttpResponse<String>> held = http2.sendAsync(get("/sub/live"), HttpResponse.BodyHandlers.ofString());
        internal.awaitWaitingSubscribers("/pub/live", 1);

        assertThat(internal.post("/pub/live", "text/plain", "pushed").statusCode()).isEqualTo(201);

        HttpResponse<String> answer = held.get(10, TimeUnit.SECONDS);
        assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("pushed");
    }

    @Test
    @DisplayName("a publisher location only on the internal listener is 404 on the public one, and works on the internal one")
    void publisherOnlyOnTheInternalListener() throws Exception {
        HttpResponse<String> outside = http2.send(HttpRequest.newBuilder(publicUri("/pub/news")).timeout(TestHttp.TIMEOUT)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("forged")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(outside.statusCode()).isEqualTo(404);
        assertThat(outside.body()).isEqualTo("no location matches /pub/news\n");

        assertThat(internal.post("/pub/news", "text/plain", "genuine").statusCode()).isEqualTo(202);
        assertThat(internal.get("/sub/news").body()).as("the subscriber location is on both listeners").isEqualTo("genuine");
        assertThat(http2.send(get("/sub/news"), HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("genuine");
    }

    @Test
    @DisplayName("a held HTTP/2 poll whose stream the client resets is forgotten")
    void http2StreamReset() throws Exception {
        internal.put("/pub/reset");
        CompletableFuture<HttpResponse<String>> held = http2.sendAsync(get("/sub/reset"), HttpResponse.BodyHandlers.ofString());
        internal.awaitWaitingSubscribers("/pub/reset", 1);

        held.cancel(true);

        internal.awaitWaitingSubscribers("/pub/reset", 0);
        assertThat(internal.post("/pub/reset", "text/plain", "nobody").statusCode()).as("nobody is waiting any more").isEqualTo(202);
    }

    @Test
    @DisplayName("a held HTTP/1.1 poll over TLS whose client closes the connection is forgotten")
    void tlsHttp11ClientCloses() throws Exception {
        internal.put("/pub/leaving");
        try (SSLSocket socket = (SSLSocket) keystore.clientContext().getSocketFactory().createSocket("127.0.0.1", server.port("public"))) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /sub/leaving HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            internal.awaitWaitingSubscribers("/pub/leaving", 1);
        }
        internal.awaitWaitingSubscribers("/pub/leaving", 0);
    }

    @Test
    @DisplayName("channel ids holding %00 work over HTTP/1.1 with TLS")
    void nulInChannelIdOverTlsHttp11() throws Exception {
        internal.post("/pub/a%00b", "text/plain", "nul");

        HttpResponse<String> answer = http11.send(get("/sub/a%00b"), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("nul");
    }

    @Test
    @DisplayName("channel ids holding %00 are refused over HTTP/2 (400), never taken for another channel")
    void nulInChannelIdOverHttp2() throws Exception {
        internal.post("/pub/a%00b", "text/plain", "nul");
        internal.post("/pub/a%01b", "text/plain", "soh");

        HttpResponse<String> answer = http2.send(get("/sub/a%00b"), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("Invalid URI");
    }

    @Test
    @DisplayName("over HTTP/2, request headers larger than max_request_header_size end the client's connection (GOAWAY), not the server")
    void headerLimitOverHttp2() throws Exception {
        internal.post("/pub/news", "text/plain", "small headers");

        IOException refused = catchThrowableOfType(IOException.class, () -> http2.send(padded(10_000), HttpResponse.BodyHandlers.ofString()));
        HttpResponse<String> small = http2.send(padded(4_000), HttpResponse.BodyHandlers.ofString());

        assertThat(refused).as("the oversized request is refused").isNotNull();
        assertThat(refused.getMessage()).contains("GOAWAY");
        assertThat(small.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(small.statusCode()).as("a new connection is served").isEqualTo(200);
    }

    @Test
    @DisplayName("a listener whose port is taken stops startup with a message naming it")
    void portTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            IllegalStateException failure = catchThrowableOfType(IllegalStateException.class, () -> RunningServer.withListeners("""
                    listen:
                      - name: public
                        address: 127.0.0.1
                        port: 0
                      - name: internal
                        address: 127.0.0.1
                        port: %d
                    store:
                      type: memory
                    """.formatted(taken.getLocalPort()), Map.of()));

            assertThat(failure).isNotNull();
            assertThat(failure.getCause()).isInstanceOf(HbpushServer.ListenException.class);
            assertThat(failure.getCause().getMessage()).endsWith(": cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + " (listener internal): the port is already in use by another process; stop it or choose another port in the configuration");
        }
    }

    @Test
    @DisplayName("requests over HTTP/2 and HTTPS/1.1 count by the location that took them, as plain ones do")
    void statsCountHttpsRequestsByLocation() throws Exception {
        try (RunningServer counted = startPublicAndInternal("""
                  - type: stats
                    prefix: /stats
                    listener: internal
                """)) {
            TestHttp plain = new TestHttp(URI.create("http://127.0.0.1:" + counted.port("internal")));
            plain.post("/pub/news", "text/plain", "counted");
            URI news = URI.create("https://127.0.0.1:" + counted.port("public") + "/sub/news");
            HttpRequest get = HttpRequest.newBuilder(news).timeout(TestHttp.TIMEOUT).GET().build();

            assertThat(http2.send(get, HttpResponse.BodyHandlers.ofString()).version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(http11.send(get, HttpResponse.BodyHandlers.ofString()).version()).isEqualTo(HttpClient.Version.HTTP_1_1);

            // Counted once Jetty has finished the request, a moment after the client read the answer.
            long deadline = System.nanoTime() + TestHttp.TIMEOUT.toNanos();
            String stats = plain.get("/stats").body();
            while (!stats.contains("messages delivered: 2") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                stats = plain.get("/stats").body();
            }
            assertThat(stats).contains("messages published: 1\nmessages delivered: 2\nrequests publisher: 1\nrequests subscriber: 2\n");
            assertThat(stats).contains("requests none: 0\n");
        }
    }

    private HttpRequest padded(int padding) {
        return HttpRequest.newBuilder(publicUri("/sub/news")).timeout(TestHttp.TIMEOUT).header("X-Padding", "a".repeat(padding)).GET().build();
    }

    @Test
    @DisplayName("the startup line names every listener, its scheme, address and port, and where each location is")
    void startupLine() {
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(HbpushServer.class);
        lines.start();
        logger.addAppender(lines);
        try (RunningServer another = startPublicAndInternal()) {
            assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).contains(
                    "hbpushd listening on public https 127.0.0.1:" + another.port("public") + ", internal http 127.0.0.1:"
                    + another.port("internal") + "; stores: default (memory, plugin classpath); locations: subscriber prefix /sub/"
                    + " -> default on public+internal, publisher prefix /pub/ -> default on internal");
        }
        finally {
            logger.detachAppender(lines);
        }
    }

    private static RunningServer startPublicAndInternal() {
        return startPublicAndInternal("");
    }

    /** Listeners public (HTTPS) and internal; a subscriber location on both, a publisher on internal, then {@code moreLocations}. */
    private static RunningServer startPublicAndInternal(String moreLocations) {
        return RunningServer.withListeners("""
                listen:
                  - name: public
                    address: 127.0.0.1
                    port: 0
                    tls:
                      keystore: %s
                      password: ${HBPUSH_TLS_PASSWORD}
                  - name: internal
                    address: 127.0.0.1
                    port: 0
                store:
                  type: memory
                locations:
                  - type: subscriber
                    prefix: /sub/
                    listener: [public, internal]
                  - type: publisher
                    prefix: /pub/
                    listener: internal
                """.formatted(keystore.file()) + moreLocations,
                Map.of("HBPUSH_TLS_PASSWORD", SelfSignedKeystore.PASSWORD));
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(publicUri(path)).timeout(TestHttp.TIMEOUT).GET().build();
    }

    private URI publicUri(String path) {
        return URI.create("https://127.0.0.1:" + server.port("public") + path);
    }
}
