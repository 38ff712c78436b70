package org.hbpush.server.http.lean;

import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestHeadParserTest {
    private static final int MAX_HEAD = 256;
    private final RequestHeadParser parser = new RequestHeadParser(MAX_HEAD, UriCompliance.UNSAFE);

    /**
     * Parses the text twice: the second time its lines are found among the fields remembered from
     * the first ({@link SharedRequestFields}), which must change nothing.
     */
    private HeadParse parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        HeadParse first = parser.parse(bytes, 0, bytes.length);
        HeadParse again = parser.parse(bytes, 0, bytes.length);
        assertThat(describe(again)).as("parsed again with its fields remembered: %s", text).isEqualTo(describe(first));
        return again;
    }

    private static String describe(HeadParse parse) {
        if (parse instanceof HeadParse.Complete complete) {
            RequestHead head = complete.head();
            return "complete " + complete.length() + " " + head.method() + " " + head.rawTarget() + " " + head.uri() + " " + head.fields()
                    + " persistent=" + head.persistent() + " length=" + head.contentLength();
        }
        return parse.toString();
    }

    private RequestHead complete(String text) {
        HeadParse parse = parse(text);
        assertThat(parse).isInstanceOf(HeadParse.Complete.class);
        return ((HeadParse.Complete) parse).head();
    }

    private void assertHandedOver(String text) {
        assertThat(parse(text)).as("handed over to Jetty: %s", text).isInstanceOf(HeadParse.HandOver.class);
    }

    @Nested
    @DisplayName("the lean subset is served")
    class Served {
        @Test
        @DisplayName("a GET: method, target, URI, fields in order, length of the head")
        void get() {
            String text = "GET /sub/a?x=1 HTTP/1.1\r\nHost: example.com:8080\r\nIf-None-Match: 3\r\nX-Custom:  v  \r\n\r\n";
            HeadParse parse = parse(text + "GET /next");

            assertThat(parse).isInstanceOf(HeadParse.Complete.class);
            HeadParse.Complete complete = (HeadParse.Complete) parse;
            assertThat(complete.length()).isEqualTo(text.length());
            RequestHead head = complete.head();
            assertThat(head.method()).isEqualTo("GET");
            assertThat(head.rawTarget()).isEqualTo("/sub/a?x=1");
            assertThat(head.uri().toString()).isEqualTo("http://example.com:8080/sub/a?x=1");
            assertThat(head.uri().getPath()).isEqualTo("/sub/a");
            assertThat(head.fields().get("X-Custom")).isEqualTo("v");
            assertThat(head.fields().stream().map(field -> field.getName())).containsExactly("Host", "If-None-Match", "X-Custom");
            assertThat(head.persistent()).isTrue();
        }

        @Test
        @DisplayName("a HEAD")
        void head() {
            assertThat(complete("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n").method()).isEqualTo("HEAD");
        }

        @Test
        @DisplayName("known field names in any case take their canonical spelling, as Jetty's parser gives them")
        void canonicalNames() {
            RequestHead head = complete("GET / HTTP/1.1\r\nhOST: h\r\ncontent-length: 0\r\n\r\n");

            assertThat(head.fields().stream().map(field -> field.getName())).containsExactly("Host", "Content-Length");
            assertThat(head.fields().getField(HttpHeader.HOST).getHeader()).isEqualTo(HttpHeader.HOST);
        }

        @Test
        @DisplayName("a name that only begins like a known one is another field, kept as sent")
        void namesBeginningLikeKnownOnes() {
            RequestHead head = complete("GET / HTTP/1.1\r\nHost: h\r\nHostile: x\r\nContent-Lengthy: 5\r\nHos: y\r\n\r\n");

            assertThat(head.fields().stream().map(field -> field.getName())).containsExactly("Host", "Hostile", "Content-Lengthy", "Hos");
            assertThat(head.fields().getField("Hostile").getHeader()).isNull();
            assertThat(head.fields().get(HttpHeader.HOST)).isEqualTo("h");
        }

        @Test
        @DisplayName("Connection: close makes the connection not persistent; keep-alive does not")
        void connectionClose() {
            assertThat(complete("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Close\r\n\r\n").persistent()).isFalse();
            assertThat(complete("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\n\r\n").persistent()).isTrue();
        }

        @Test
        @DisplayName("%00 in the target is read as %01, and the raw target keeps it")
        void encodedNul() {
            RequestHead head = complete("GET /sub/a%00b HTTP/1.1\r\nHost: h\r\n\r\n");

            assertThat(head.rawTarget()).isEqualTo("/sub/a%00b");
            assertThat(head.uri().getPath()).isEqualTo("/sub/a%01b");
        }

        @Test
        @DisplayName("encoded separators and controls pass when the compliance mode allows them")
        void encodedSeparators() {
            assertThat(complete("GET /sub/a%2Fb%0A HTTP/1.1\r\nHost: h\r\n\r\n").uri().getPath()).isEqualTo("/sub/a%2Fb%0A");
        }

        @Test
        @DisplayName("Content-Length: 0 once, empty and tab-padded values, IPv6 hosts")
        void unusualButPlain() {
            assertThat(complete("GET / HTTP/1.1\r\nHost: [::1]:80\r\nContent-Length: 0\r\nX-Empty:\r\nX-Tab:\tv\t\r\n\r\n")
                    .fields().get("X-Tab")).isEqualTo("v");
        }

        @Test
        @DisplayName("a head of exactly the maximum size")
        void exactlyMaximum() {
            String start = "GET / HTTP/1.1\r\nHost: h\r\nX: ";
            String text = start + "a".repeat(MAX_HEAD - start.length() - 4) + "\r\n\r\n";

            assertThat(text).hasSize(MAX_HEAD);
            assertThat(parse(text)).isInstanceOf(HeadParse.Complete.class);
        }
    }

    @Nested
    @DisplayName("POST, PUT and DELETE are served with a plain Content-Length, or none for PUT and DELETE")
    class Bodies {
        @Test
        @DisplayName("a POST: the head's length without the body, the body's length from Content-Length")
        void post() {
            String text = "POST /pub/a HTTP/1.1\r\nHost: h\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n";
            HeadParse parse = parse(text + "hello" + "GET /next");

            assertThat(parse).isInstanceOf(HeadParse.Complete.class);
            HeadParse.Complete complete = (HeadParse.Complete) parse;
            assertThat(complete.length()).isEqualTo(text.length());
            assertThat(complete.head().method()).isEqualTo("POST");
            assertThat(complete.head().contentLength()).isEqualTo(5);
            assertThat(complete.head().bodyLength()).isEqualTo(5);
            assertThat(complete.head().uri().getPath()).isEqualTo("/pub/a");
        }

        @Test
        @DisplayName("the head is complete before its body is read: waiting for the body is the connection's")
        void bodyNotYetRead() {
            assertThat(complete("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\n").contentLength()).isEqualTo(100);
        }

        @ParameterizedTest
        @ValueSource(strings = {"POST", "PUT", "DELETE"})
        @DisplayName("Content-Length: 0, and a padded Content-Length")
        void zeroAndPadded(String method) {
            assertThat(complete(method + " / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n").contentLength()).isZero();
            assertThat(complete(method + " / HTTP/1.1\r\nHost: h\r\ncontent-length:\t 12 \r\n\r\n").contentLength()).isEqualTo(12);
        }

        @ParameterizedTest
        @ValueSource(strings = {"PUT", "DELETE"})
        @DisplayName("PUT and DELETE without Content-Length have no body")
        void noContentLength(String method) {
            RequestHead head = complete(method + " /pub/a HTTP/1.1\r\nHost: h\r\n\r\n");

            assertThat(head.contentLength()).isEqualTo(-1);
            assertThat(head.bodyLength()).isZero();
        }

        @Test
        @DisplayName("GET and HEAD have no Content-Length but 0")
        void getWithoutBody() {
            assertThat(complete("GET / HTTP/1.1\r\nHost: h\r\n\r\n").contentLength()).isEqualTo(-1);
            assertThat(complete("HEAD / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n").contentLength()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "Content-Length: 5\r\nContent-Length: 5",
                "Content-Length: 5\r\ncontent-length: 6",
                "Content-Length: 0\r\nContent-Length: 0",
                "Content-Length: 5, 5",
                "Content-Length: 5,5",
                "Content-Length: +5",
                "Content-Length: -5",
                "Content-Length: 05",
                "Content-Length: 00",
                "Content-Length: 5 5",
                "Content-Length: 5\t5",
                "Content-Length: 0x5",
                "Content-Length: 5.0",
                "Content-Length: 5a",
                "Content-Length: \u0665",
                "Content-Length:",
                "Content-Length: 9223372036854775808",
                "Content-Length: 99999999999999999999999",
                "Content-Length: 1000000000000000000",
                "Transfer-Encoding: chunked",
                "Transfer-Encoding: identity",
                "Content-Length: 5\r\nTransfer-Encoding: chunked",
                "Transfer-Encoding: chunked\r\nContent-Length: 5",
                "Content-Length: 5\r\nTransfer-Encoding: identity",
                "Content-Length: 5\r\nExpect: 100-continue",
                "Expect: 100-continue",
                "Content-Length: 5\r\nUpgrade: h2c",
                "Content-Length: 5\r\nConnection: upgrade",
                "Content-Length : 5",
                " Content-Length: 5",
                "X: a\r\n Content-Length: 5"})
        @DisplayName("duplicate, signed, padded-inside, leading-zero, non-decimal, overflowing or empty Content-Length, "
                + "any Transfer-Encoding, Expect, Upgrade, folded or misnamed fields, with a body")
        void oddities(String fields) {
            for (String method : new String[] {"POST", "PUT", "DELETE"}) {
                assertHandedOver(method + " / HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n\r\nhello");
            }
        }

        @Test
        @DisplayName("a POST without Content-Length (Jetty reads it as empty) goes to Jetty")
        void postWithoutLength() {
            assertHandedOver("POST / HTTP/1.1\r\nHost: h\r\n\r\n");
        }

        @ParameterizedTest
        @ValueSource(strings = {"GET", "HEAD"})
        @DisplayName("a body on GET or HEAD goes to Jetty")
        void bodyOnGet(String method) {
            assertHandedOver(method + " / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
        }

        @Test
        @DisplayName("lean methods in another version, or with a bare LF, go to Jetty")
        void otherwiseOdd() {
            assertHandedOver("POST / HTTP/1.0\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
            assertHandedOver("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\n\r\nhello");
            assertHandedOver("POST  / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
            assertHandedOver("POST\t/ HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello");
        }
    }

    @Nested
    @DisplayName("more bytes are needed")
    class NeedMore {
        @ParameterizedTest
        @ValueSource(strings = {"", "G", "GET / HTTP/1.1", "GET / HTTP/1.1\r", "GET / HTTP/1.1\r\nHost: h\r\n", "GET / HTTP/1.1\r\nHost: h\r\n\r"})
        @DisplayName("for an incomplete head")
        void incomplete(String text) {
            assertThat(parse(text)).isEqualTo(HeadParse.NeedMore.INSTANCE);
        }

        @Test
        @DisplayName("the parse starts where it is told and stops where it is told")
        void bounds() {
            byte[] bytes = "xxGET / HTTP/1.1\r\nHost: h\r\n\r\nyy".getBytes(StandardCharsets.ISO_8859_1);

            assertThat(parser.parse(bytes, 2, bytes.length - 3)).isEqualTo(HeadParse.NeedMore.INSTANCE);
            assertThat(parser.parse(bytes, 2, bytes.length - 2)).isInstanceOf(HeadParse.Complete.class);
        }
    }

    @Nested
    @DisplayName("everything else is handed over to Jetty")
    class HandedOver {
        @ParameterizedTest
        @ValueSource(strings = {"OPTIONS", "get", "Get", "head", "post", "Put", "GETS", "POSTS", "DELETED", "PATCH", "CONNECT", "PRI", "TRACE"})
        @DisplayName("other methods, and lean ones not in upper case")
        void methods(String method) {
            assertHandedOver(method + " / HTTP/1.1\r\nHost: h\r\n\r\n");
        }

        @ParameterizedTest
        @ValueSource(strings = {"HTTP/1.0", "HTTP/1.2", "HTTP/2.0", "http/1.1", "HTTP/1.1 ", "HTTP/1.10", "HTTP/1"})
        @DisplayName("other versions, and trailing characters after the version")
        void versions(String version) {
            assertHandedOver("GET / " + version + "\r\nHost: h\r\n\r\n");
        }

        @Test
        @DisplayName("HTTP/0.9 (no version)")
        void noVersion() {
            assertHandedOver("GET /\r\n\r\n");
        }

        @ParameterizedTest
        @ValueSource(strings = {"*", "http://h/", "h:80", "//h/p", "", "/a#f", "/a\tb", "/a\u007fb", "/a\u00e9b", "/a\u0001b"})
        @DisplayName("absolute-form, asterisk-form, authority-form, fragments, controls and bytes above ASCII in the target")
        void targets(String target) {
            assertHandedOver("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n");
        }

        @Test
        @DisplayName("two spaces in the request line")
        void doubleSpace() {
            assertHandedOver("GET  / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertHandedOver("GET /  HTTP/1.1\r\nHost: h\r\n\r\n");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "GET / HTTP/1.1\nHost: h\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: h\n\r\n",
                "GET / HTTP/1.1\r\nHost: h\r\n\n",
                "GET / HTTP/1.1\r\nHost: h\n\n",
                "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n",
                "\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"})
        @DisplayName("bare LF or CR line ends, a blank line before the request, even while the head is incomplete")
        void lineEnds(String text) {
            assertHandedOver(text);
        }

        @Test
        @DisplayName("a bare LF is noticed before the head is complete")
        void bareLfEarly() {
            assertHandedOver("GET / HTTP/1.1\nHost");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "Host : h",
                "Host\t: h",
                " X: folded",
                "X: a\r\n folded",
                "X: a\r\n\tfolded",
                ": empty name",
                "no colon",
                "X\u00e9: v",
                "X\u0001: v",
                "X@Y: v",
                "X: a\u0000b",
                "X: a\u007fb",
                "X: caf\u00e9"})
        @DisplayName("whitespace before the colon, obs-fold, empty or non-token names, controls and bytes above ASCII in values")
        void fieldLines(String line) {
            assertHandedOver("GET / HTTP/1.1\r\nHost: h\r\n" + line + "\r\n\r\n");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "Content-Length: 5",
                "Content-Length: 00",
                "Content-Length: 0\r\nContent-Length: 0",
                "Content-Length: 0\r\ncontent-length: 1",
                "Content-Length: 0, 0",
                "Content-Length: -0",
                "Transfer-Encoding: chunked",
                "Transfer-Encoding: identity",
                "transfer-encoding: chunked",
                "Content-Length: 0\r\nTransfer-Encoding: chunked",
                "Upgrade: h2c",
                "HTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA",
                "Connection: Upgrade",
                "Connection: keep-alive, upgrade",
                "Expect: 100-continue",
                "Host: h2"})
        @DisplayName("a body, any Transfer-Encoding, Upgrade, HTTP2-Settings, Expect, a second Host")
        void fields(String fields) {
            assertHandedOver("GET / HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n\r\n");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "Host:", "Host: ", "Host: a b", "Host: user@h", "Host: h/p", "Host: h?q", "Host: h:port", "Host: h:99999"})
        @DisplayName("no Host, or a Host that is not just a host and port")
        void host(String host) {
            String field = host.isEmpty() ? "" : host + "\r\n";
            assertHandedOver("GET / HTTP/1.1\r\n" + field + "\r\n");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/a%zz", "/a%", "/a%2"})
        @DisplayName("a target HttpURI cannot decode")
        void badEscapes(String target) {
            assertHandedOver("GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n");
        }

        @Test
        @DisplayName("a URI violation the compliance mode does not allow")
        void uriViolation() {
            RequestHeadParser strict = new RequestHeadParser(MAX_HEAD, UriCompliance.DEFAULT);
            byte[] bytes = "GET /a/../b%2Fc HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

            assertThat(strict.parse(bytes, 0, bytes.length)).isInstanceOf(HeadParse.HandOver.class);
        }

        @Test
        @DisplayName("a head larger than the maximum, complete or not, for Jetty's 431")
        void tooLarge() {
            String start = "GET / HTTP/1.1\r\nHost: h\r\nX: ";
            String complete = start + "a".repeat(MAX_HEAD - start.length() - 3) + "\r\n\r\n";

            assertThat(complete).hasSize(MAX_HEAD + 1);
            assertHandedOver(complete);
            assertHandedOver(start + "a".repeat(MAX_HEAD));
            assertHandedOver("GET /" + "a".repeat(MAX_HEAD));
        }
    }

    @Nested
    @DisplayName("fields remembered across requests and connections")
    class Remembered {
        private final SharedRequestFields shared = new SharedRequestFields();

        private RequestHead completeWith(RequestHeadParser parser, String text) {
            byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            HeadParse parse = parser.parse(bytes, 0, bytes.length);
            assertThat(parse).isInstanceOf(HeadParse.Complete.class);
            return ((HeadParse.Complete) parse).head();
        }

        @Test
        @DisplayName("two connections sending the same line get one field object")
        void sharedBetweenConnections() {
            RequestHeadParser one = new RequestHeadParser(MAX_HEAD, UriCompliance.UNSAFE, shared);
            RequestHeadParser other = new RequestHeadParser(MAX_HEAD, UriCompliance.UNSAFE, shared);
            String text = "GET /sub/a HTTP/1.1\r\nHost: h\r\nIf-None-Match: 3\r\n\r\n";

            RequestHead first = completeWith(one, text);
            RequestHead second = completeWith(other, text);

            assertThat(second.fields().getField(HttpHeader.IF_NONE_MATCH)).isSameAs(first.fields().getField(HttpHeader.IF_NONE_MATCH));
            assertThat(second.fields().getField(HttpHeader.HOST)).isSameAs(first.fields().getField(HttpHeader.HOST));
        }

        @Test
        @DisplayName("what depends on the request is checked on remembered lines too: a second Host, a second Content-Length")
        void requestRulesStillApply() {
            RequestHeadParser parser = new RequestHeadParser(MAX_HEAD, UriCompliance.UNSAFE, shared);
            completeWith(parser, "POST /pub/a HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab");

            byte[] twoHosts = "GET / HTTP/1.1\r\nHost: h\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            assertThat(parser.parse(twoHosts, 0, twoHosts.length)).isInstanceOf(HeadParse.HandOver.class);
            byte[] twoLengths = "POST /pub/a HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab"
                    .getBytes(StandardCharsets.ISO_8859_1);
            assertThat(parser.parse(twoLengths, 0, twoLengths.length)).isInstanceOf(HeadParse.HandOver.class);
            byte[] bodyOnGet = "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab".getBytes(StandardCharsets.ISO_8859_1);
            assertThat(parser.parse(bodyOnGet, 0, bodyOnGet.length)).isInstanceOf(HeadParse.HandOver.class);
        }

        @Test
        @DisplayName("lines alike but for the case of the name are told apart, each with the canonical name of a known field")
        void exactBytes() {
            RequestHeadParser parser = new RequestHeadParser(MAX_HEAD, UriCompliance.UNSAFE, shared);
            RequestHead lower = completeWith(parser, "GET / HTTP/1.1\r\nhost: h\r\nx-trace: 1\r\n\r\n");
            RequestHead upper = completeWith(parser, "GET / HTTP/1.1\r\nHost: h\r\nX-Trace: 1\r\n\r\n");

            assertThat(lower.fields().stream().map(field -> field.getName())).containsExactly("Host", "x-trace");
            assertThat(upper.fields().stream().map(field -> field.getName())).containsExactly("Host", "X-Trace");
        }

        @Test
        @DisplayName("requests of one connection naming other hosts each get their own authority")
        void hostChanges() {
            RequestHeadParser parser = new RequestHeadParser(MAX_HEAD, UriCompliance.UNSAFE, shared);
            for (String host : new String[] {"a.example:8080", "a.example:8080", "[::1]:9000", "b.example", "a.example:8080"}) {
                RequestHead head = completeWith(parser, "GET /sub/x HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
                assertThat(head.uri().toString()).isEqualTo("http://" + host + "/sub/x");
            }
        }

        @Test
        @DisplayName("a line longer than the cache keeps is read anew each time")
        void longLines() {
            RequestHeadParser parser = new RequestHeadParser(1024, UriCompliance.UNSAFE, shared);
            String cookie = "Cookie: " + "c".repeat(SharedRequestFields.MAX_LINE);
            String text = "GET / HTTP/1.1\r\nHost: h\r\n" + cookie + "\r\n\r\n";

            RequestHead first = completeWith(parser, text);
            RequestHead second = completeWith(parser, text);

            assertThat(second.fields().get(HttpHeader.COOKIE)).isEqualTo(first.fields().get(HttpHeader.COOKIE));
            assertThat(second.fields().getField(HttpHeader.COOKIE)).isNotSameAs(first.fields().getField(HttpHeader.COOKIE));
        }
    }
}
