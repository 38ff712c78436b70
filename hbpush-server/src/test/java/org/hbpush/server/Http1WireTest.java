package org.hbpush.server;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hbpush.server.RawHttpConnection.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an HTTP/1.1 (and 1.0) client sees on the wire of a plain listener: requests written byte by
 * byte on a socket, answers read as bytes. This is the contract of the HTTP/1 connection, whichever
 * implementation serves it: status lines, the headers clients depend on, exact bodies, whether the
 * connection stays open, the order of pipelined answers, and the refusals that guard against
 * request smuggling. Incidental details (header order, the spelling of a header name, the reason
 * Jetty gives after "Bad Request: ") are left free.
 *
 * <p>One server serves every test (each test has channels of its own): stopping a server that
 * the HTTP client still holds a connection to takes about a second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Http1WireTest {
    private static final Pattern LAST_MESSAGE_ID = Pattern.compile("last message id: (\\d+):(\\d+)");
    private static final String VARY = "If-Modified-Since, If-None-Match";

    private RunningServer server;
    private TestHttp http;

    /**
     * The configuration every test runs, in one place: a variant of this class may add root keys
     * (how the plain listener's HTTP/1 connections are made, say) by overriding {@link #rootKeys()}.
     */
    private String yaml() {
        return rootKeys() + """
                store:
                  type: memory
                locations:
                  - type: subscriber
                    prefix: /sub/
                  - type: subscriber
                    prefix: /interval/
                    polling: interval
                  - type: publisher
                    prefix: /pub/
                  - type: publisher
                    prefix: /largepub/
                    max_message_size: 8388608
                """;
    }

    /** Root keys put before the rest of {@link #yaml()}; none here, the defaults. */
    String rootKeys() {
        return "";
    }

    @BeforeAll
    void start() {
        server = RunningServer.withYaml(yaml());
        http = server.http();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("GET of a message: 200, the body as posted, its Content-Type, Last-Modified, Etag, Vary, Content-Length; the connection stays open")
    void messageAnswerAndKeepAlive() {
        String body = "héllo wörld\r\n\u0000";   // not ASCII, CRLF and NUL: Content-Length counts bytes, the body is exact
        MessageId posted = post("/pub/message", "application/x-test; v=1", body);

        try (RawHttpConnection wire = connect()) {
            wire.send("GET /sub/message HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Answer message = wire.readAnswer();

            assertThat(message.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(message.bodyBytes()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
            assertThat(message.header("Content-Type")).hasValue("application/x-test; v=1");
            assertThat(message.header("Content-Length")).hasValue(String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
            assertThat(message.header("Last-Modified")).as("the message's time, as an HTTP date").hasValue(httpDate(posted.time()));
            assertThat(message.header("Etag")).as("the message's tag").hasValue(String.valueOf(posted.tag()));
            assertThat(message.header("Vary")).hasValue(VARY);
            assertThat(message.header("Cache-Control")).hasValue("no-cache");
            assertDated(message);
            assertThat(message.header("Connection")).as("no Connection: close on a kept-alive connection").isEmpty();
            assertThat(message.headers("Transfer-Encoding")).as("a message is sent with its length, not chunked").isEmpty();

            wire.send("GET /sub/message HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(wire.readAnswer().body()).as("a second request on the same connection is answered").isEqualTo(body);
        }
    }

    @Test
    @DisplayName("interval polling at the newest message: 304 with the validators and no body; the connection goes on serving")
    void notModified() {
        post("/pub/interval", "text/plain", "only");
        try (RawHttpConnection wire = connect()) {
            wire.send("GET /interval/interval HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Answer message = wire.readAnswer();
            assertThat(message.status()).isEqualTo(200);

            // Pipelined: body bytes after the 304 would show up in front of the second answer's status line.
            wire.send("GET /interval/interval HTTP/1.1\r\nHost: localhost\r\n" + validators(message) + "\r\n"
                    + "GET /interval/interval HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Answer notModified = wire.readWithoutBody();
            assertThat(notModified.statusLine()).isEqualTo("HTTP/1.1 304 Not Modified");
            assertThat(notModified.header("Etag")).isEqualTo(message.header("Etag"));
            assertThat(notModified.header("Last-Modified")).isEqualTo(message.header("Last-Modified"));
            assertThat(notModified.header("Vary")).hasValue(VARY);
            assertThat(notModified.header("Cache-Control")).hasValue("no-cache");
            assertThat(notModified.header("Content-Length").orElse("0")).as("a 304 has no body").isEqualTo("0");
            assertThat(notModified.headers("Transfer-Encoding")).isEmpty();
            assertThat(notModified.header("Connection")).isEmpty();
            assertDated(notModified);

            Answer again = wire.readAnswer();
            assertThat(again.statusLine()).as("the next answer starts right after the 304's head").isEqualTo("HTTP/1.1 200 OK");
            assertThat(again.body()).isEqualTo("only");
        }
    }

    @Test
    @DisplayName("HEAD on a subscriber location is 405 (Allow: GET) and sends the head only: the next pipelined answer follows it at once")
    void head() {
        post("/pub/head", "text/plain", "not for HEAD");
        try (RawHttpConnection wire = connect()) {
            wire.send("HEAD /sub/head HTTP/1.1\r\nHost: localhost\r\n\r\nGET /sub/head HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Answer head = wire.readWithoutBody();
            assertThat(head.statusLine()).isEqualTo("HTTP/1.1 405 Method Not Allowed");
            assertThat(head.header("Allow")).hasValue("GET");
            assertThat(head.header("Content-Type")).hasValue("text/plain; charset=utf-8");
            assertThat(head.header("Connection")).isEmpty();
            assertDated(head);

            Answer get = wire.readAnswer();
            assertThat(get.statusLine()).as("no body bytes after the HEAD answer's head").isEqualTo("HTTP/1.1 200 OK");
            assertThat(get.body()).isEqualTo("not for HEAD");
        }
    }

    @Test
    @DisplayName("a held long poll gets 200 with the message a POST from another connection brings; the same connection then polls again")
    void heldLongPoll() {
        http.put("/pub/held");
        try (RawHttpConnection wire = connect()) {
            wire.send("GET /sub/held HTTP/1.1\r\nHost: localhost\r\n\r\n");
            http.awaitWaitingSubscribers("/pub/held", 1);
            assertThat(http.post("/pub/held", "text/plain", "first").statusCode()).as("the held poll got it").isEqualTo(201);

            Answer first = wire.readAnswer();
            assertThat(first.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(first.body()).isEqualTo("first");
            assertThat(first.header("Content-Type")).hasValue("text/plain");
            assertThat(first.header("Content-Length")).hasValue("5");
            assertThat(first.header("Vary")).hasValue(VARY);
            assertThat(first.header("Etag")).isPresent();
            assertThat(first.header("Last-Modified")).isPresent();
            assertThat(first.header("Connection")).isEmpty();
            assertDated(first);

            wire.send("GET /sub/held HTTP/1.1\r\nHost: localhost\r\n" + validators(first) + "\r\n");
            http.awaitWaitingSubscribers("/pub/held", 1);
            assertThat(http.post("/pub/held", "text/plain", "second").statusCode()).isEqualTo(201);
            Answer second = wire.readAnswer();
            assertThat(second.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(second.body()).isEqualTo("second");
        }
    }

    @Test
    @DisplayName("a held poll's answer larger than the socket takes at once reaches a slow reader whole; the connection goes on serving")
    void answerLargerThanTheSocketTakes() {
        http.put("/largepub/large");
        // 6 MB: more than a loopback socket's send buffer grows to (net.ipv4.tcp_wmem allows 4 MB)
        String body = "0123456789abcdef".repeat(375_000);
        try (RawHttpConnection wire = RawHttpConnection.open(server.port(), TestHttp.TIMEOUT, 4096)) {
            wire.send("GET /sub/large HTTP/1.1\r\nHost: localhost\r\n\r\n");
            http.awaitWaitingSubscribers("/largepub/large", 1);
            // nothing is read until the publisher has its answer: the rest waits for the socket to drain
            assertThat(http.post("/largepub/large", "text/plain", body).statusCode()).isEqualTo(201);

            Answer large = wire.readAnswer();
            assertThat(large.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(large.header("Content-Length")).hasValue(String.valueOf(body.length()));
            assertThat(large.body()).as("every byte, in order").isEqualTo(body);

            wire.send("GET /sub/large HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(wire.readAnswer().body()).as("the connection serves the next request").isEqualTo(body);
        }
    }

    @Test
    @DisplayName("two GETs pipelined in one write are answered in order, and the connection stays open")
    void pipelinedGets() {
        post("/pub/one", "text/plain", "answer one");
        post("/pub/two", "text/plain", "answer two");
        try (RawHttpConnection wire = connect()) {
            wire.send("GET /sub/one HTTP/1.1\r\nHost: localhost\r\n\r\nGET /sub/two HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Answer one = wire.readAnswer();
            Answer two = wire.readAnswer();
            assertThat(one.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(one.body()).isEqualTo("answer one");
            assertThat(two.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(two.body()).isEqualTo("answer two");

            wire.send("GET /sub/one HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(wire.readAnswer().body()).isEqualTo("answer one");
        }
    }

    @Test
    @DisplayName("a GET pipelined behind a held long poll is answered after the poll's answer, in order, on the same connection")
    void getPipelinedBehindAHeldPoll() {
        http.put("/pub/front");
        post("/pub/behind", "text/plain", "behind");
        try (RawHttpConnection wire = connect()) {
            wire.send("GET /sub/front HTTP/1.1\r\nHost: localhost\r\n\r\nGET /sub/behind HTTP/1.1\r\nHost: localhost\r\n\r\n");
            http.awaitWaitingSubscribers("/pub/front", 1);
            assertThat(http.post("/pub/front", "text/plain", "front").statusCode()).isEqualTo(201);

            Answer front = wire.readAnswer();
            assertThat(front.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(front.body()).as("the held poll is answered first").isEqualTo("front");
            assertThat(front.header("Connection")).as("the connection goes on for the pipelined request").isEmpty();
            Answer behind = wire.readAnswer();
            assertThat(behind.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(behind.body()).isEqualTo("behind");
        }
    }

    @Test
    @DisplayName("a GET sent while the poll before it is held: the poll is answered first; then the GET, or Connection: close and the end")
    void getSentWhileAPollIsHeld() {
        http.put("/pub/held-first");
        post("/pub/sent-later", "text/plain", "later");
        try (RawHttpConnection wire = connect()) {
            wire.send("GET /sub/held-first HTTP/1.1\r\nHost: localhost\r\n\r\n");
            http.awaitWaitingSubscribers("/pub/held-first", 1);
            wire.send("GET /sub/sent-later HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(http.post("/pub/held-first", "text/plain", "first").statusCode()).isEqualTo(201);

            Answer held = wire.readAnswer();
            assertThat(held.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(held.body()).as("the held poll is answered first").isEqualTo("first");
            // A client pipelining behind a held poll either gets its next answer, or is told that the
            // connection closes, so that it sends the unanswered request again: never silence.
            if (held.header("Connection").filter("close"::equalsIgnoreCase).isPresent()) {
                wire.assertClosedByServer();
            }
            else {
                Answer later = wire.readAnswer();
                assertThat(later.statusLine()).isEqualTo("HTTP/1.1 200 OK");
                assertThat(later.body()).isEqualTo("later");
            }
        }
    }

    @Test
    @DisplayName("Connection: close on a GET: the answer says Connection: close and the server closes the connection")
    void connectionClose() {
        post("/pub/close", "text/plain", "bye");
        try (RawHttpConnection wire = connect()) {
            wire.send("GET /sub/close HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            Answer answer = wire.readAnswer();
            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(answer.body()).isEqualTo("bye");
            assertThat(answer.header("Content-Length")).hasValue("3");
            assertThat(answer.header("Connection")).hasValue("close");
            wire.assertClosedByServer();
        }
    }

    @Test
    @DisplayName("POST, GET and POST on one kept-alive connection: 202 (nobody waiting), 200 with the message, 201 (a poll was waiting)")
    void publishAndSubscribeOnOneConnection() {
        try (RawHttpConnection wire = connect(); RawHttpConnection waiting = connect()) {
            wire.send("POST /pub/mixed HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\none");
            Answer accepted = wire.readAnswer();
            assertThat(accepted.statusLine()).isEqualTo("HTTP/1.1 202 Accepted");
            assertThat(accepted.header("Content-Type")).hasValue("text/plain; charset=utf-8");
            assertThat(accepted.body()).contains("queued messages: 1\n").contains("active subscribers: 0\n");
            assertThat(accepted.header("Connection")).isEmpty();
            assertDated(accepted);

            wire.send("GET /sub/mixed HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Answer message = wire.readAnswer();
            assertThat(message.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(message.body()).isEqualTo("one");

            waiting.send("GET /sub/mixed HTTP/1.1\r\nHost: localhost\r\n" + validators(message) + "\r\n");
            http.awaitWaitingSubscribers("/pub/mixed", 1);
            wire.send("POST /pub/mixed HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\ntwo");
            Answer created = wire.readAnswer();
            assertThat(created.statusLine()).isEqualTo("HTTP/1.1 201 Created");
            assertThat(created.body()).contains("queued messages: 2\n");
            assertThat(created.header("Connection")).isEmpty();
            assertThat(waiting.readAnswer().body()).isEqualTo("two");

            wire.send("GET /sub/mixed HTTP/1.1\r\nHost: localhost\r\n" + validators(message) + "\r\n");
            assertThat(wire.readAnswer().body()).as("the connection still serves").isEqualTo("two");
        }
    }

    @Test
    @DisplayName("HTTP/1.0 GET without Host: answered with a length, then the server closes the connection (1.0 does not keep alive by default)")
    void http10() {
        post("/pub/old", "text/plain", "from 1997");
        try (RawHttpConnection wire = connect()) {
            wire.send("GET /sub/old HTTP/1.0\r\n\r\n");
            Answer answer = wire.readAnswer();
            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(answer.body()).isEqualTo("from 1997");
            assertThat(answer.header("Content-Length")).hasValue("9");
            assertThat(answer.header("Etag")).isPresent();
            assertThat(answer.header("Connection").orElse("close")).as("no keep-alive promised").isEqualToIgnoringCase("close");
            wire.assertClosedByServer();
        }
    }

    @Test
    @DisplayName("HTTP/1.0 GET with Connection: keep-alive: answered with Connection: keep-alive, and the connection stays open")
    void http10KeepAlive() {
        post("/pub/old-kept", "text/plain", "kept");
        try (RawHttpConnection wire = connect()) {
            wire.send("GET /sub/old-kept HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            Answer answer = wire.readAnswer();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("kept");
            assertThat(answer.header("Connection")).hasValue("keep-alive");
            assertThat(answer.header("Content-Length")).hasValue("4");

            wire.send("GET /sub/old-kept HTTP/1.0\r\n\r\n");
            assertThat(wire.readAnswer().body()).isEqualTo("kept");
            wire.assertClosedByServer();
        }
    }

    @Test
    @DisplayName("GET with Expect: 100-continue: 200 with the message, no interim answer; the connection goes on or says Connection: close")
    void expectOnGet() {
        post("/pub/expect", "text/plain", "expected");
        try (RawHttpConnection wire = connect()) {
            wire.send("GET /sub/expect HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n\r\n");
            Answer answer = wire.readAnswer();
            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(answer.body()).isEqualTo("expected");
            assertKeepsServingOrClosesAsAnnounced(wire, answer);
        }
    }

    @Test
    @DisplayName("POST with Expect: 100-continue: 100 Continue comes before the body is sent, then 202; the connection goes on")
    void expectOnPost() {
        try (RawHttpConnection wire = connect()) {
            wire.send("POST /pub/continue HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            Answer interim = wire.readWithoutBody();
            assertThat(interim.statusLine()).isEqualTo("HTTP/1.1 100 Continue");

            wire.send("continue");
            Answer accepted = wire.readAnswer();
            assertThat(accepted.statusLine()).isEqualTo("HTTP/1.1 202 Accepted");
            assertThat(accepted.body()).contains("queued messages: 1\n");
            assertThat(accepted.header("Connection")).isEmpty();

            wire.send("GET /sub/continue HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(wire.readAnswer().body()).isEqualTo("continue");
        }
    }

    @Test
    @DisplayName("a chunked POST (extensions, a trailer) stores the de-chunked body; the connection goes on")
    void chunkedPost() {
        try (RawHttpConnection wire = connect()) {
            wire.send("POST /pub/chunked HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n"
                    + "B;name=value\r\n\r\n0123456\r\n\r\n"     // eleven bytes that look like the end of chunks
                    + "1\r\n!\r\n"
                    + "0\r\nX-Trailer: ignored\r\n\r\n");
            Answer accepted = wire.readAnswer();
            assertThat(accepted.statusLine()).isEqualTo("HTTP/1.1 202 Accepted");
            assertThat(accepted.header("Connection")).isEmpty();

            wire.send("GET /sub/chunked HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Answer message = wire.readAnswer();
            assertThat(message.body()).isEqualTo("hello\r\n0123456\r\n!");
            assertThat(message.header("Content-Length")).hasValue("17");
        }
    }

    @Test
    @DisplayName("a chunked POST whose chunks do not parse: 400, one plain line starting \"Bad Request\", Connection: close, closed; nothing posted")
    void malformedChunkedPost() {
        assertRefusedAndClosed("POST /pub/bad-chunks HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\nabc\r\n0\r\n\r\n", "HTTP/1.1 400 Bad Request", "the request body could not be read");
        assertThat(http.get("/pub/bad-chunks").statusCode()).as("nothing was posted").isEqualTo(404);
    }

    @Test
    @DisplayName("a head whose lines end in a bare LF is served as if they ended in CRLF")
    void bareLineFeeds() {
        post("/pub/bare-lf", "text/plain", "lf");
        try (RawHttpConnection wire = connect()) {
            wire.send("GET /sub/bare-lf HTTP/1.1\nHost: localhost\n\n");
            Answer answer = wire.readAnswer();
            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(answer.body()).isEqualTo("lf");

            wire.send("GET /sub/bare-lf HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(wire.readAnswer().body()).isEqualTo("lf");
        }
    }

    @Test
    @DisplayName("Upgrade: h2c on the plain listener is ignored: an HTTP/1.1 200, and the connection goes on speaking HTTP/1.1")
    void h2cUpgradeIgnored() {
        post("/pub/upgrade", "text/plain", "still 1.1");
        try (RawHttpConnection wire = connect()) {
            wire.send("GET /sub/upgrade HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                    + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
            Answer answer = wire.readAnswer();
            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(answer.body()).isEqualTo("still 1.1");
            assertThat(answer.header("Upgrade")).isEmpty();
            assertThat(answer.header("Connection")).isEmpty();

            wire.send("GET /sub/upgrade HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(wire.readAnswer().statusLine()).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    @DisplayName("a request line with a word too many: 400, one plain line starting \"Bad Request\", Connection: close, closed")
    void malformedRequestLine() {
        assertRefusedAndClosed("GET /sub/x HTTP/1.1 extra\r\nHost: localhost\r\n\r\n", "HTTP/1.1 400 Bad Request", "Bad Request");
    }

    @Test
    @DisplayName("a header line without a colon: 400, one plain line starting \"Bad Request\", Connection: close, closed")
    void headerLineWithoutColon() {
        assertRefusedAndClosed("GET /sub/x HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n", "HTTP/1.1 400 Bad Request", "Bad Request");
    }

    @Test
    @DisplayName("HTTP/1.1 without Host: 400, Connection: close, closed")
    void http11WithoutHost() {
        assertRefusedAndClosed("GET /sub/x HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request", "Bad Request");
    }

    @Test
    @DisplayName("a request head larger than max_request_header_size: 431, one plain line, Connection: close, closed")
    void headTooLarge() {
        Answer answer = assertRefusedAndClosed("GET /sub/x HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(9_000) + "\r\n\r\n",
                "HTTP/1.1 431 Request Header Fields Too Large", "Request Header Fields Too Large");
        assertThat(answer.body()).isEqualTo("Request Header Fields Too Large\n");
    }

    @Test
    @DisplayName("request smuggling guard: two Host headers are 400, and nothing after them is read")
    void duplicateHost() {
        assertRefusedAndClosed("GET /sub/x HTTP/1.1\r\nHost: localhost\r\nHost: elsewhere\r\n\r\n"
                + "GET /sub/x HTTP/1.1\r\nHost: localhost\r\n\r\n", "HTTP/1.1 400 Bad Request", "Bad Request");
    }

    @Test
    @DisplayName("request smuggling guard: Content-Length with Transfer-Encoding is 400, and the body is not read as a request")
    void contentLengthAndTransferEncoding() {
        assertRefusedAndClosed("POST /pub/smuggle-te HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /sub/smuggle-te HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "HTTP/1.1 400 Bad Request", "Bad Request");
        assertThat(http.get("/pub/smuggle-te").statusCode()).as("nothing was posted").isEqualTo(404);
    }

    @Test
    @DisplayName("request smuggling guard: two different Content-Length values are 400, and nothing is posted")
    void twoContentLengths() {
        assertRefusedAndClosed("POST /pub/smuggle-cl HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
                + "Content-Length: 40\r\n\r\nabcGET /sub/smuggle-cl HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "HTTP/1.1 400 Bad Request", "Bad Request");
        assertThat(http.get("/pub/smuggle-cl").statusCode()).as("nothing was posted").isEqualTo(404);
    }

    @Test
    @DisplayName("a lowercase method (get) is not GET: 405 with Allow: GET, and the connection goes on")
    void lowercaseMethod() {
        post("/pub/lower", "text/plain", "x");
        try (RawHttpConnection wire = connect()) {
            wire.send("get /sub/lower HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Answer answer = wire.readAnswer();
            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 405 Method Not Allowed");
            assertThat(answer.header("Allow")).hasValue("GET");
            assertThat(answer.header("Content-Type")).hasValue("text/plain; charset=utf-8");
            assertThat(answer.body()).endsWith("\n").hasLineCount(1);
            assertThat(answer.header("Connection")).isEmpty();

            wire.send("GET /sub/lower HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(wire.readAnswer().body()).isEqualTo("x");
        }
    }

    @Test
    @DisplayName("an absolute-form target (http://host:port/sub/ID) is served as its path, escapes kept")
    void absoluteFormTarget() {
        post("/pub/abs%2Fform", "text/plain", "absolute");
        String authority = "127.0.0.1:" + server.port();
        try (RawHttpConnection wire = connect()) {
            wire.send("GET http://" + authority + "/sub/abs%2Fform HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
            Answer answer = wire.readAnswer();
            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 200 OK");
            assertThat(answer.body()).isEqualTo("absolute");
            assertThat(answer.header("Connection")).isEmpty();

            wire.send("GET http://" + authority + "/sub/abs%2Fform?query=ignored HTTP/1.1\r\nHost: " + authority + "\r\n\r\n");
            assertThat(wire.readAnswer().body()).isEqualTo("absolute");
        }
    }

    @Test
    @DisplayName("percent-escapes in a channel id (%00, %0A, %2F, %20, UTF-8) each name their own channel over the wire")
    void percentEscapes() {
        String[] ids = {"nul%00byte", "nul%01byte", "new%0Aline", "a%2Fb", "sp%20ace", "caf%C3%A9", "%FF%FE"};
        for (String id : ids) {
            assertThat(http.post("/pub/" + id, "text/plain", "body of " + id).statusCode()).as(id).isEqualTo(202);
        }
        try (RawHttpConnection wire = connect()) {
            for (String id : ids) {
                wire.send("GET /sub/" + id + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
                Answer answer = wire.readAnswer();
                assertThat(answer.status()).as(id).isEqualTo(200);
                assertThat(answer.body()).as(id).isEqualTo("body of " + id);
            }
        }
    }

    @Test
    @DisplayName("a bad percent-escape (%zz) is 400 with one plain line starting \"Bad Request\"; a connection it closes says Connection: close")
    void badPercentEscape() {
        try (RawHttpConnection wire = connect()) {
            wire.send("GET /sub/bad%zzescape HTTP/1.1\r\nHost: localhost\r\n\r\n");
            Answer answer = wire.readAnswer();
            assertThat(answer.statusLine()).isEqualTo("HTTP/1.1 400 Bad Request");
            assertThat(answer.header("Content-Type")).hasValue("text/plain; charset=utf-8");
            assertThat(answer.body()).startsWith("Bad Request").endsWith("\n").hasLineCount(1);
            assertKeepsServingOrClosesAsAnnounced(wire, answer);
        }
    }

    @Test
    @DisplayName("a client that closes or resets its connection while its long poll is held is forgotten: active subscribers back to 0")
    void clientLeavesWhileHeld() {
        http.put("/pub/leaving");
        RawHttpConnection closing = connect();
        RawHttpConnection resetting = connect();
        try (closing; resetting) {
            closing.send("GET /sub/leaving HTTP/1.1\r\nHost: localhost\r\n\r\n");
            resetting.send("GET /sub/leaving HTTP/1.1\r\nHost: localhost\r\n\r\n");
            http.awaitWaitingSubscribers("/pub/leaving", 2);

            closing.close();
            http.awaitWaitingSubscribers("/pub/leaving", 1);
            resetting.abort();
            http.awaitWaitingSubscribers("/pub/leaving", 0);
        }
        assertThat(http.post("/pub/leaving", "text/plain", "nobody").statusCode()).as("nobody is waiting any more").isEqualTo(202);
    }

    // ---------------------------------------------------------------------------------------------

    /** A new client connection on the plain listener; a read waits at most {@link TestHttp#TIMEOUT}, a safety net only. */
    private RawHttpConnection connect() {
        return RawHttpConnection.open(server.port(), TestHttp.TIMEOUT);
    }

    /** Posts through the HTTP client; returns the new message's id, read from the answer's channel information. */
    private MessageId post(String path, String contentType, String body) {
        HttpResponse<String> answer = http.post(path, contentType, body);
        assertThat(answer.statusCode()).as("POST " + path).isIn(201, 202);
        Matcher id = LAST_MESSAGE_ID.matcher(answer.body());
        assertThat(id.find()).as("the POST answer names the last message id: " + answer.body()).isTrue();
        return new MessageId(Long.parseLong(id.group(1)), Long.parseLong(id.group(2)));
    }

    /**
     * Sends {@code request} on a new connection; the one answer is {@code statusLine}, plain text, one
     * line starting with {@code phrase}, says Connection: close, and nothing follows it: the server
     * closed the connection without reading anything after the refused request.
     */
    private Answer assertRefusedAndClosed(String request, String statusLine, String phrase) {
        try (RawHttpConnection wire = connect()) {
            wire.send(request);
            Answer answer = wire.readAnswer();
            assertThat(answer.statusLine()).isEqualTo(statusLine);
            assertThat(answer.header("Content-Type")).hasValue("text/plain; charset=utf-8");
            assertThat(answer.body()).as("one plain line, no page").startsWith(phrase).endsWith("\n").hasLineCount(1)
                    .doesNotContain("<");
            assertDated(answer);
            assertThat(answer.header("Connection")).as("the answer says the connection closes").hasValue("close");
            wire.assertClosedByServer();
            return answer;
        }
    }

    /**
     * Either the connection serves another request, or the answer said Connection: close and the
     * server closed it: never a connection dropped without warning.
     */
    private void assertKeepsServingOrClosesAsAnnounced(RawHttpConnection wire, Answer answer) {
        if (answer.header("Connection").filter("close"::equalsIgnoreCase).isPresent()) {
            wire.assertClosedByServer();
            return;
        }
        http.put("/pub/still-open");
        wire.send("GET /pub/still-open HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(wire.readAnswerOrNothing()).as("without Connection: close the connection must go on serving")
                .hasValueSatisfying(next -> assertThat(next.statusLine()).isEqualTo("HTTP/1.1 200 OK"));
    }

    private static void assertDated(Answer answer) {
        assertThat(answer.header("Date")).as("Date").hasValueSatisfying(date ->
                assertThat(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME)).isNotNull());
    }

    /** The request header lines that ask for the message after {@code message}. */
    private static String validators(Answer message) {
        return "If-Modified-Since: " + message.header("Last-Modified").orElseThrow() + "\r\n"
                + "If-None-Match: " + message.header("Etag").orElseThrow() + "\r\n";
    }

    private static String httpDate(long epochSeconds) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(epochSeconds).atZone(ZoneOffset.UTC));
    }

    private record MessageId(long time, long tag) {
    }
}
