package org.hbpush.server;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain HTTP/1.1 connections on real sockets, with each {@code http1_connection}: the lean
 * connection's own answers and its hand-overs to Jetty (a request it does not serve moves the
 * connection to Jetty with the bytes read so far) must read exactly as Jetty's connection answers.
 */
@ParameterizedClass(name = "http1_connection: {0}")
@ValueSource(strings = {"lean", "jetty"})
class Http1ConnectionTest {
    private static final Duration READ_TIMEOUT = TestHttp.TIMEOUT;

    @Parameter
    String http1Connection;

    private final ListAppender<ILoggingEvent> accessLines = new ListAppender<>();
    private final ListAppender<ILoggingEvent> handOvers = new ListAppender<>();
    private Logger access;
    private Logger leanConnection;
    private Level leanConnectionLevel;
    private RunningServer server;

    @BeforeEach
    void start() {
        access = (Logger) LoggerFactory.getLogger("org.hbpush.access");
        accessLines.start();
        access.addAppender(accessLines);
        // the lean connection says at debug level why it hands a connection over to Jetty
        leanConnection = (Logger) LoggerFactory.getLogger("org.hbpush.server.http.lean.LeanConnection");
        leanConnectionLevel = leanConnection.getLevel();
        leanConnection.setLevel(Level.DEBUG);
        leanConnection.setAdditive(false);
        handOvers.start();
        leanConnection.addAppender(handOvers);
        server = RunningServer.withYaml("""
                http1_connection: %s
                access_log: true
                store:
                  type: memory
                locations:
                  - type: publisher
                    prefix: /pub/
                  - type: subscriber
                    prefix: /sub/
                  - type: publisher
                    prefix: /small/
                    max_message_size: 10
                """.formatted(http1Connection));
    }

    @AfterEach
    void stop() {
        server.close();
        access.detachAppender(accessLines);
        leanConnection.detachAppender(handOvers);
        leanConnection.setLevel(leanConnectionLevel);
        leanConnection.setAdditive(true);
    }

    /** The reasons the lean connection gave for handing connections over; none with Jetty's connection. */
    private List<String> handOverReasons() {
        return handOvers.list.stream().map(ILoggingEvent::getFormattedMessage).filter(line -> line.startsWith("handing "))
                .collect(Collectors.toList());
    }

    private void assertServedByLean() {
        assertThat(handOverReasons()).as("nothing handed over to Jetty").isEmpty();
    }

    private RawHttpConnection connect() {
        return RawHttpConnection.open(server.port(), READ_TIMEOUT);
    }

    private static String post(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    @Test
    @DisplayName("a POST then a GET on one keep-alive connection")
    void postThenGet() {
        try (RawHttpConnection connection = connect()) {
            connection.send(post("/pub/a", "one"));
            assertThat(connection.readAnswer().status()).isEqualTo(202);
            connection.send(get("/sub/a"));
            RawHttpConnection.Answer answer = connection.readAnswer();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("one");
        }
    }

    @Test
    @DisplayName("a GET, a POST, a GET on one connection")
    void getPostGet() {
        try (RawHttpConnection connection = connect()) {
            connection.send(get("/pub/b"));
            assertThat(connection.readAnswer().status()).as("no such channel yet").isEqualTo(404);
            connection.send(post("/pub/b", "two"));
            assertThat(connection.readAnswer().status()).isEqualTo(202);
            connection.send(get("/sub/b"));
            assertThat(connection.readAnswer().body()).isEqualTo("two");
        }
    }

    @Test
    @DisplayName("two GETs in one write are both answered, in order")
    void pipelined() {
        assertThat(server.http().post("/pub/c", "text/plain", "three").statusCode()).isEqualTo(202);
        try (RawHttpConnection connection = connect()) {
            connection.send(get("/sub/c") + get("/pub/nothing-here") + get("/pub/c"));
            RawHttpConnection.Answer first = connection.readAnswer();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo("three");
            assertThat(connection.readAnswer().status()).isEqualTo(404);
            assertThat(connection.readAnswer().status()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("a GET pipelined behind a held long poll is answered after the poll (lean), or the poll's answer closes the connection (Jetty)")
    void pipelinedBehindHeldPoll() {
        assertThat(server.http().put("/pub/d").statusCode()).isEqualTo(200);
        try (RawHttpConnection connection = connect()) {
            connection.send(get("/sub/d"));
            server.http().awaitWaitingSubscribers("/pub/d", 1);
            connection.send(get("/pub/d"));
            assertThat(server.http().post("/pub/d", "text/plain", "four").statusCode()).isEqualTo(201);

            RawHttpConnection.Answer poll = connection.readAnswer();
            assertThat(poll.status()).isEqualTo(200);
            assertThat(poll.body()).isEqualTo("four");
            if (http1Connection.equals("jetty") && poll.header("Connection").isPresent()) {
                // Jetty's path watches a held poll's connection by reading it, so it cannot keep what
                // it read: when the watch read the GET before the answer, the answer closes.
                assertThat(poll.header("Connection")).hasValue("close");
                connection.assertClosedByServer();
                return;
            }
            // lean, or Jetty when the GET came after the answer was written: it is answered next
            RawHttpConnection.Answer info = connection.readAnswer();
            assertThat(info.status()).isEqualTo(200);
            assertThat(info.body()).contains("queued messages: 1");
        }
    }

    @Test
    @DisplayName("an HTTP/1.0 GET is answered, then the connection is closed")
    void http10() {
        assertThat(server.http().put("/pub/e").statusCode()).isEqualTo(200);
        try (RawHttpConnection connection = connect()) {
            connection.send("GET /pub/e HTTP/1.0\r\n\r\n");
            assertThat(connection.readAnswer().status()).isEqualTo(200);
            connection.assertClosedByServer();
        }
    }

    @Test
    @DisplayName("a GET with Expect: 100-continue is answered")
    void expectContinue() {
        assertThat(server.http().put("/pub/f").statusCode()).isEqualTo(200);
        try (RawHttpConnection connection = connect()) {
            connection.send("GET /pub/f HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n\r\n");
            RawHttpConnection.Answer answer = connection.readAnswer();
            if (answer.status() == 100) {
                answer = connection.readAnswer();
            }
            assertThat(answer.status()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("a chunked POST, then a GET on the same connection")
    void chunkedPost() {
        try (RawHttpConnection connection = connect()) {
            connection.send("POST /pub/g HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nfiv\r\n1\r\ne\r\n0\r\n\r\n");
            assertThat(connection.readAnswer().status()).isEqualTo(202);
            connection.send(get("/sub/g"));
            assertThat(connection.readAnswer().body()).isEqualTo("five");
        }
    }

    @Test
    @DisplayName("Upgrade: h2c is not taken up: answered over HTTP/1.1")
    void upgradeH2c() {
        assertThat(server.http().put("/pub/h").statusCode()).isEqualTo(200);
        try (RawHttpConnection connection = connect()) {
            connection.send("GET /pub/h HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                    + "HTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n");
            assertThat(connection.readAnswer().status()).isEqualTo(200);
            connection.send(get("/pub/h"));
            assertThat(connection.readAnswer().status()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("a malformed head gets Jetty's 400, one plain line")
    void malformed() {
        try (RawHttpConnection connection = connect()) {
            connection.send("GET /pub/i HTTP/1.1\r\nHost: 127.0.0.1\r\nHost : again\r\n\r\n");
            RawHttpConnection.Answer answer = connection.readAnswer();
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).hasValue("text/plain; charset=utf-8");
            assertThat(answer.body()).startsWith("Bad Request").endsWith("\n").hasLineCount(1);
        }
    }

    @Test
    @DisplayName("a head larger than max_request_header_size gets 431")
    void oversizedHead() {
        try (RawHttpConnection connection = connect()) {
            connection.send("GET /pub/j HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(9_000) + "\r\n\r\n");
            RawHttpConnection.Answer answer = connection.readAnswer();
            assertThat(answer.status()).isEqualTo(431);
            assertThat(answer.body()).isEqualTo("Request Header Fields Too Large\n");
        }
    }

    @Test
    @DisplayName("a held long poll whose client leaves is logged 499 and no longer held")
    void clientLeaves() {
        assertThat(server.http().put("/pub/k").statusCode()).isEqualTo(200);
        try (RawHttpConnection connection = connect()) {
            connection.send(get("/sub/k"));
            server.http().awaitWaitingSubscribers("/pub/k", 1);
        }
        server.http().awaitWaitingSubscribers("/pub/k", 0);

        assertThat(awaitAccessLine("\"GET /sub/k\"")).matches("127\\.0\\.0\\.1 \"GET /sub/k\" 499 0 bytes \\d+ ms");
    }

    @Test
    @DisplayName("%00 in a channel id reaches the channel as sent, distinct from %01")
    void encodedNul() {
        assertThat(server.http().post("/pub/l%00m", "text/plain", "zero").statusCode()).isEqualTo(202);
        try (RawHttpConnection connection = connect()) {
            connection.send(get("/sub/l%00m"));
            RawHttpConnection.Answer answer = connection.readAnswer();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("zero");
            connection.send(get("/pub/l%01m"));
            assertThat(connection.readAnswer().status()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("a HEAD answer has a head only, and the next answer follows it")
    void head() {
        assertThat(server.http().post("/pub/n", "text/plain", "six").statusCode()).isEqualTo(202);
        try (RawHttpConnection connection = connect()) {
            connection.send("HEAD /sub/n HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + get("/pub/nothing-here"));
            // subscribers answer GET only: a 405 whose Content-Length is that of the body a GET would get
            assertThat(connection.readWithoutBody().head()).startsWith("HTTP/1.1 405 Method Not Allowed\r\n")
                    .contains("\r\nAllow: GET\r\n").containsPattern("\r\nContent-Length: [1-9][0-9]*\r\n");
            assertThat(connection.readAnswer().status()).isEqualTo(404);
        }
    }

    @Test
    @DisplayName("PUT without a body, POST, DELETE with a body and with Content-Length: 0, each followed by GETs on one keep-alive connection: served by the lean connection")
    void putPostDelete() {
        try (RawHttpConnection connection = connect()) {
            connection.send("PUT /pub/o HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(connection.readAnswer().status()).isEqualTo(200);
            connection.send(get("/pub/o"));
            assertThat(connection.readAnswer().body()).contains("queued messages: 0");
            connection.send(post("/pub/o", "seven"));
            assertThat(connection.readAnswer().status()).isEqualTo(202);
            connection.send(get("/sub/o"));
            assertThat(connection.readAnswer().body()).isEqualTo("seven");
            // a body DELETE does not need, read and skipped: it is not taken for the next request
            connection.send("DELETE /pub/o HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 14\r\n\r\nGET /sub/o HTT");
            assertThat(connection.readAnswer().status()).isEqualTo(200);
            connection.send(get("/pub/o"));
            assertThat(connection.readAnswer().status()).as("deleted").isEqualTo(404);
            connection.send("PUT /pub/o HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
            assertThat(connection.readAnswer().status()).isEqualTo(200);
            connection.send("DELETE /pub/o HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
            assertThat(connection.readAnswer().status()).isEqualTo(200);
            connection.send(get("/pub/o"));
            assertThat(connection.readAnswer().status()).isEqualTo(404);
        }
        assertThat(awaitAccessLine("\"POST /pub/o\"")).matches("127\\.0\\.0\\.1 \"POST /pub/o\" 202 \\d+ bytes \\d+ ms");
        assertServedByLean();
    }

    @Test
    @DisplayName("a POST and a GET in one write: both answered, in order")
    void pipelinedPost() {
        try (RawHttpConnection connection = connect()) {
            connection.send(post("/pub/p", "eight") + get("/sub/p") + post("/pub/p", "") + get("/pub/p"));
            assertThat(connection.readAnswer().status()).isEqualTo(202);
            RawHttpConnection.Answer message = connection.readAnswer();
            assertThat(message.status()).isEqualTo(200);
            assertThat(message.body()).isEqualTo("eight");
            assertThat(connection.readAnswer().status()).isEqualTo(202);
            assertThat(connection.readAnswer().body()).contains("queued messages: 2");
        }
        assertServedByLean();
    }

    @Test
    @DisplayName("a POST whose body arrives in several writes after its head is answered once the body is whole")
    void bodyInParts() throws InterruptedException {
        try (RawHttpConnection connection = connect()) {
            String request = post("/pub/q", "nine and more");
            int headEnd = request.indexOf("\r\n\r\n") + 4;
            connection.send(request.substring(0, headEnd));
            Thread.sleep(50);
            connection.send(request.substring(headEnd, headEnd + 4));
            Thread.sleep(50);
            connection.send(request.substring(headEnd + 4));
            assertThat(connection.readAnswer().status()).isEqualTo(202);
            connection.send(get("/sub/q"));
            assertThat(connection.readAnswer().body()).isEqualTo("nine and more");
        }
        assertServedByLean();
    }

    @Test
    @DisplayName("a POST whose body does not fit the read buffer is answered (by Jetty), and so is the GET after it")
    void bodyLargerThanBuffer() {
        String body = "x".repeat(20_000);
        try (RawHttpConnection connection = connect()) {
            connection.send(post("/pub/r", body));
            assertThat(connection.readAnswer().status()).isEqualTo(202);
            connection.send(get("/sub/r"));
            assertThat(connection.readAnswer().body()).isEqualTo(body);
        }
        if (http1Connection.equals("lean")) {
            assertThat(handOverReasons()).singleElement().asString().contains("larger than the read buffer");
        }
    }

    @Test
    @DisplayName("a body over max_message_size that fits the read buffer: 413, nothing posted, and the connection goes on")
    void tooLarge() {
        try (RawHttpConnection connection = connect()) {
            connection.send(post("/small/s", "eleven bytes") + get("/small/s"));
            RawHttpConnection.Answer answer = connection.readAnswer();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.body()).isEqualTo("the message is larger than this location's max_message_size of 10 bytes\n");
            assertThat(answer.header("Connection")).as("the body was read: the connection stays open").isEmpty();
            assertThat(connection.readAnswer().status()).as("nothing posted").isEqualTo(404);
            connection.send(post("/small/s", "ten bytes!"));
            assertThat(connection.readAnswer().status()).isEqualTo(202);
        }
        assertServedByLean();
    }

    @Test
    @DisplayName("a body cut short by the end of the stream: Jetty's 400 (Early EOF), Connection: close; nothing posted")
    void bodyCutShort() throws InterruptedException {
        try (RawHttpConnection connection = connect()) {
            String request = post("/pub/t", "twelve bytes");
            connection.send(request.substring(0, request.length() - 5));
            Thread.sleep(50);
            connection.endOutput();
            RawHttpConnection.Answer answer = connection.readAnswer();
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body()).startsWith("the request body could not be read (Early EOF)");
            assertThat(answer.header("Connection")).hasValue("close");
            connection.assertClosedByServer();
        }
        assertThat(server.http().get("/pub/t").statusCode()).isEqualTo(404);
        if (http1Connection.equals("lean")) {
            assertThat(handOverReasons()).singleElement().asString().contains("end of stream within a request");
        }
    }

    private String awaitAccessLine(String containing) {
        long deadline = System.nanoTime() + TestHttp.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> lines = accessLines.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
            for (String line : lines) {
                if (line.contains(containing)) {
                    return line;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no access log line with " + containing + " in " + accessLines.list);
    }
}
