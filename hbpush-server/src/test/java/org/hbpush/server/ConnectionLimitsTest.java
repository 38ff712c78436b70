package org.hbpush.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** max_connections, max_request_header_size, idle_timeout and listen_backlog, seen from clients on real sockets. */
class ConnectionLimitsTest {
    @TempDir
    static Path directory;
    private static SelfSignedKeystore keystore;

    private RunningServer server;

    @BeforeAll
    static void makeKeystore() throws Exception {
        keystore = SelfSignedKeystore.create(directory);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("with max_connections open, a new connection is not served until one closes; the open ones still are")
    void maxConnections() throws Exception {
        server = RunningServer.withYaml(limitsWithSubAndPub("max_connections: 2\n"));
        TestHttp http = server.http();
        http.put("/pub/full");                                        // connection 1: the client's, kept alive
        try (Socket held = new Socket("127.0.0.1", server.port())) {  // connection 2: a held long poll
            send(held, "GET /sub/full HTTP/1.1\r\nHost: localhost\r\n\r\n");
            http.awaitWaitingSubscribers("/pub/full", 1);

            try (Socket third = new Socket("127.0.0.1", server.port())) {
                send(third, "GET /pub/full HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                third.setSoTimeout(1_000);
                assertThat(catchThrowableOfType(SocketTimeoutException.class, () -> third.getInputStream().read()))
                        .as("a third connection waits, unanswered").isNotNull();
                assertThat(http.get("/pub/full").statusCode()).as("the connections already open are served").isEqualTo(200);

                held.close();

                third.setSoTimeout((int) TestHttp.TIMEOUT.toMillis());
                assertThat(readAll(third.getInputStream())).as("served once the held poll's connection closed")
                        .startsWith("HTTP/1.1 200 OK").contains("active subscribers: 0");
            }
        }
    }

    @Test
    @DisplayName("a burst of connections while max_connections are open waits whole in the listen_backlog, none dropped, and is served in turn")
    void listenBacklog() throws Exception {
        // Beyond the JDK's default queue of 50, the kernel drops a connection's SYN and its client waits a second
        // or more before it tries again; a connect timeout below that second tells a queued connection from a dropped one.
        int burst = Math.min(200, AcceptQueueCeiling.ceiling(AcceptQueueCeiling.SOMAXCONN).orElseThrow() - 10);
        server = RunningServer.withYaml(limitsWithSubAndPub("max_connections: 2\nlisten_backlog: " + (burst + 50) + "\n"));
        TestHttp http = server.http();
        http.put("/pub/burst");                                       // connection 1: the client's, kept alive
        List<Socket> queued = new ArrayList<>();
        try (Socket held = new Socket("127.0.0.1", server.port())) {  // connection 2: a held long poll
            send(held, "GET /sub/burst HTTP/1.1\r\nHost: localhost\r\n\r\n");
            http.awaitWaitingSubscribers("/pub/burst", 1);

            for (int i = 0; i < burst; i++) {
                Socket socket = new Socket();
                queued.add(socket);
                socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 700);
            }
            assertThat(queued).as("all %d connected at once, queued by the kernel", burst).allMatch(Socket::isConnected);

            Socket first = queued.get(0);
            send(first, "GET /pub/burst HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            held.close();
            first.setSoTimeout((int) TestHttp.TIMEOUT.toMillis());
            assertThat(readAll(first.getInputStream())).as("the first in the queue is served once a connection closed")
                    .startsWith("HTTP/1.1 200 OK");
        }
        finally {
            for (Socket socket : queued) {
                socket.close();
            }
        }
    }

    /** The limits given, a memory store, subscribers on /sub/ and publishers on /pub/. */
    private static String limitsWithSubAndPub(String limits) {
        return limits + """
                store:
                  type: memory
                locations:
                  - type: subscriber
                    prefix: /sub/
                  - type: publisher
                    prefix: /pub/
                """;
    }


    @Test
    @DisplayName("request headers larger than max_request_header_size get 431")
    void maxRequestHeaderSize() {
        server = RunningServer.withYaml("""
                max_request_header_size: 1024
                store:
                  type: memory
                """);
        TestHttp http = server.http();
        http.put("/publisher/headers");

        assertThat(http.get("/publisher/headers", "X-Padding", "a".repeat(600)).statusCode()).isEqualTo(200);
        HttpResponse<String> tooLarge = http.get("/publisher/headers", "X-Padding", "a".repeat(2_000), "Accept", "text/html");
        assertThat(tooLarge.statusCode()).isEqualTo(431);
        assertThat(tooLarge.headers().firstValue("Content-Type")).as("plain text, even to a client asking for HTML")
                .hasValue("text/plain; charset=utf-8");
        assertThat(tooLarge.body()).isEqualTo("Request Header Fields Too Large\n");
    }

    @Test
    @DisplayName("a head larger than the 8 KB read ahead but within max_request_header_size is served, on a kept-alive connection")
    void largeHeadWithinTheLimit() {
        server = RunningServer.withYaml("""
                max_request_header_size: 32768
                store:
                  type: memory
                """);
        server.http().put("/publisher/large");
        try (RawHttpConnection connection = RawHttpConnection.open(server.port(), TestHttp.TIMEOUT)) {
            connection.sendGet("/publisher/large", "X-Padding", "a".repeat(20_000));
            assertThat(connection.readAnswer().status()).isEqualTo(200);
            connection.sendGet("/publisher/large");
            assertThat(connection.readAnswer().status()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("a request Jetty cannot parse gets 400 and one plain line saying why")
    void malformedRequest() throws Exception {
        server = RunningServer.withYaml("""
                store:
                  type: memory
                """);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) TestHttp.TIMEOUT.toMillis());
            send(socket, "GET /subscriber/x HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n");
            String answer = readAll(socket.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request\r\n")
                    .contains("\r\nContent-Type: text/plain; charset=utf-8\r\n")
                    .doesNotContain("<html");
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            assertThat(body).as("the phrase and Jetty's reason, on one line").startsWith("Bad Request: ").endsWith("\n")
                    .hasLineCount(1).hasSizeGreaterThan("Bad Request: \n".length());
        }
    }

    @Test
    @DisplayName("a connection that sends nothing is closed after idle_timeout; a held long poll (HTTP/1.1 and HTTP/2) is not")
    void idleTimeout() throws Exception {
        server = RunningServer.withListeners("""
                idle_timeout: 1
                listen:
                  - name: plain
                    address: 127.0.0.1
                    port: 0
                  - name: tls
                    address: 127.0.0.1
                    port: 0
                    tls:
                      keystore: %s
                      password: %s
                store:
                  type: memory
                locations:
                  - type: subscriber
                    prefix: /sub/
                    subscriber_timeout: 0
                    listener: [plain, tls]
                  - type: publisher
                    prefix: /pub/
                """.formatted(keystore.file(), SelfSignedKeystore.PASSWORD), Map.of());
        URI plain = URI.create("http://127.0.0.1:" + server.port("plain"));
        new TestHttp(plain).put("/pub/quiet");
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(keystore.clientContext()).build();
        try (Socket heldOverHttp1 = new Socket("127.0.0.1", server.port("plain"))) {
            send(heldOverHttp1, "GET /sub/quiet HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            CompletableFuture<HttpResponse<String>> heldOverHttp2 = http2.sendAsync(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port("tls") + "/sub/quiet")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            new TestHttp(plain).awaitWaitingSubscribers("/pub/quiet", 2);

            // A connection that says nothing is closed once idle_timeout has passed; so the polls have been held longer than that.
            try (Socket silent = new Socket("127.0.0.1", server.port("plain"))) {
                silent.setSoTimeout((int) TestHttp.TIMEOUT.toMillis());
                assertThat(silent.getInputStream().read()).as("the server closed the silent connection").isEqualTo(-1);
            }

            assertThat(new TestHttp(plain).post("/pub/quiet", "text/plain", "still here").statusCode()).isEqualTo(201);
            heldOverHttp1.setSoTimeout((int) TestHttp.TIMEOUT.toMillis());
            assertThat(readAll(heldOverHttp1.getInputStream())).startsWith("HTTP/1.1 200 OK").endsWith("still here");
            HttpResponse<String> overHttp2 = heldOverHttp2.get(10, TimeUnit.SECONDS);
            assertThat(overHttp2.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(overHttp2.body()).isEqualTo("still here");
        }
    }

    @Test
    @DisplayName("a client that stalls in the middle of a request (a body, a head) gets 408 after idle_timeout, no internals, and the connection is closed; nothing is stored")
    void stallMidBody() throws Exception {
        server = RunningServer.withYaml("""
                idle_timeout: 1
                store:
                  type: memory
                locations:
                  - type: publisher
                    prefix: /pub/
                  - type: subscriber
                    prefix: /sub/
                """);
        TestHttp http = new TestHttp(URI.create("http://127.0.0.1:" + server.port()));
        assertThat(http.put("/pub/stall").statusCode()).isEqualTo(200);
        for (String start : new String[] {
                // chunked: Jetty's connection reads it
                "POST /pub/stall HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly a part",
                // a Content-Length the lean connection waits for
                "POST /pub/stall HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly a part",
                // half a head, on the lean connection
                "GET /sub/stall HTTP/1.1\r\nHo"}) {
            try (Socket publisher = new Socket("127.0.0.1", server.port())) {
                publisher.setSoTimeout((int) TestHttp.TIMEOUT.toMillis());
                send(publisher, start);
                String answer = readAll(publisher.getInputStream());
                assertThat(answer).as("what a stalled publisher gets before the close").startsWith("HTTP/1.1 408 Request Timeout\r\n")
                        .contains("\r\nConnection: close\r\n").contains("\r\nContent-Type: text/plain")
                        .contains("(idle_timeout); send it whole\n")
                        .doesNotContainIgnoringCase("exception").doesNotContain("java.").doesNotContain("org.eclipse");
            }
        }
        assertThat(http.get("/pub/stall").body()).as("nothing stored").contains("queued messages: 0");
    }

    private static void send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
