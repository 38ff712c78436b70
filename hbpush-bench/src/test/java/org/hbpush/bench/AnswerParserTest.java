package org.hbpush.bench;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/**
 * The tool reads the answers of hbpushd and Nchan from raw bytes. Every case is fed whole, then cut
 * in two at every byte, then one byte at a time: the answers must come out the same each way.
 */
class AnswerParserTest {
    private static final String DATE = "Fri, 27 Nov 2026 02:49:58 GMT";

    @Test
    void aMessageWithItsValidatorsAndLength() throws Exception {
        List<Answer> answers = readAllWays("HTTP/1.1 200 OK\r\nLast-Modified: " + DATE + "\r\nEtag: \"3\"\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");

        assertThat(answers).containsExactly(new Answer(200, Optional.of(new Validators(DATE, "\"3\"")), false, false, "hello"));
    }

    @Test
    void fieldNamesInAnyCaseAndLinesEndedByLfAlone() throws Exception {
        List<Answer> answers = readAllWays("HTTP/1.1 200 OK\nlast-MODIFIED: " + DATE + "\nETAG:  7 \nx-hbpush-gap: true\n"
                + "content-length: 2\n\nhi");

        assertThat(answers).containsExactly(new Answer(200, Optional.of(new Validators(DATE, "7")), true, false, "hi"));
    }

    @Test
    void answersThatFollowEachOtherInOneRead() throws Exception {
        List<Answer> answers = readAllWays("HTTP/1.1 304 Not Modified\r\nEtag: 1\r\n\r\n"
                + "HTTP/1.1 202 Accepted\r\nContent-Length: 3\r\n\r\nabc"
                + "HTTP/1.1 204 No Content\r\n\r\n");

        assertThat(answers).extracting(Answer::status, Answer::body)
                .containsExactly(tuple(304, ""), tuple(202, "abc"),
                        tuple(204, ""));
        assertThat(answers.get(0).validators()).isEmpty();
    }

    @Test
    void aChunkedBodyWithExtensionsAndTrailers() throws Exception {
        List<Answer> answers = readAllWays("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n1\r\n \r\n05\r\nworld\r\n0\r\nX-Trailer: yes\r\n\r\n"
                + "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");

        assertThat(answers).extracting(Answer::status, Answer::body)
                .containsExactly(tuple(200, "hello world"), tuple(404, ""));
    }

    @Test
    void whetherTheServerClosesAfterTheAnswer() throws Exception {
        assertThat(readAllWays("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")).extracting(Answer::closes)
                .containsExactly(true);
        assertThat(readAllWays("HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")).extracting(Answer::closes)
                .containsExactly(false);
        assertThat(readAllWays("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")).extracting(Answer::closes).containsExactly(true);
        assertThat(readAllWays("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n")).extracting(Answer::closes)
                .containsExactly(false);
    }

    @Test
    void interimAnswersAreSkipped() throws Exception {
        List<Answer> answers = readAllWays("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");

        assertThat(answers).extracting(Answer::status, Answer::body).containsExactly(tuple(201, "ok"));
    }

    @Test
    void aBodyWithoutLengthRunsToTheClose() throws Exception {
        AnswerParser parser = new AnswerParser();
        parser.append(bytes("HTTP/1.1 200 OK\r\nEtag: 1\r\n\r\nall of "));
        assertThat(parser.next()).isNull();
        parser.append(bytes("it"));
        assertThat(parser.next()).isNull();

        assertThat(parser.endOfStream()).contains(new Answer(200, Optional.empty(), false, true, "all of it"));
        assertThat(parser.isEmpty()).isTrue();
    }

    @Test
    void aBodyLargerThanTheFirstBuffer() throws Exception {
        String body = "x".repeat(100_000);

        assertThat(readAllWays("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + body, false))
                .extracting(Answer::body).containsExactly(body);
    }

    @Test
    void aCloseBetweenAnswersIsClean() throws Exception {
        AnswerParser parser = new AnswerParser();
        parser.append(bytes("HTTP/1.1 204 No Content\r\n\r\n"));
        assertThat(parser.next()).isNotNull();

        assertThat(parser.endOfStream()).isEmpty();
    }

    @Test
    void aCloseInTheMiddleOfAnAnswerIsAnError() throws Exception {
        AnswerParser parser = new AnswerParser();
        parser.append(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf"));
        assertThat(parser.next()).isNull();

        assertThatThrownBy(parser::endOfStream).isInstanceOf(MalformedAnswerException.class)
                .hasMessageContaining("in the middle of an answer");
    }

    @Test
    void bytesThatAreNoAnswerAreAnError() {
        assertThatThrownBy(() -> readAllWays("SSH-2.0-OpenSSH_9.2\r\n\r\n")).isInstanceOf(MalformedAnswerException.class)
                .hasMessageContaining("not an HTTP/1 status line: SSH-2.0-OpenSSH_9.2");
        assertThatThrownBy(() -> readAllWays("HTTP/1.1 2x0 OK\r\n\r\n")).hasMessageContaining("not 3 digits");
        assertThatThrownBy(() -> readAllWays("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")).hasMessageContaining("not a length: -1");
        assertThatThrownBy(() -> readAllWays("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"))
                .hasMessageContaining("two different Content-Length");
        assertThatThrownBy(() -> readAllWays("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n")).hasMessageContaining("without a colon");
        assertThatThrownBy(() -> readAllWays("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
                .hasMessageContaining("not hexadecimal");
        assertThatThrownBy(() -> readAllWays("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n"))
                .hasMessageContaining("longer than its size");
    }

    @Test
    void aHeadThatNeverEndsIsAnError() throws Exception {
        AnswerParser parser = new AnswerParser();
        parser.append(bytes("HTTP/1.1 200 OK\r\n"));
        for (int i = 0; i < 2000; i++) {
            parser.append(bytes("X-Filler: " + "y".repeat(40) + "\r\n"));
            if (i < 1000) {
                assertThat(parser.next()).isNull();
            }
        }

        assertThatThrownBy(parser::next).isInstanceOf(MalformedAnswerException.class).hasMessageContaining("head longer than 65536");
    }

    private static List<Answer> readAllWays(String text) throws MalformedAnswerException {
        return readAllWays(text, true);
    }

    /** The answers in {@code text}, after checking that every way of cutting it gives the same ones. */
    private static List<Answer> readAllWays(String text, boolean everyCut) throws MalformedAnswerException {
        List<Answer> whole = read(text, List.of(text.length()));
        if (everyCut) {
            for (int cut = 1; cut < text.length(); cut++) {
                assertThat(read(text, List.of(cut, text.length()))).as("cut at %d", cut).isEqualTo(whole);
            }
        }
        List<Integer> byteByByte = new ArrayList<>();
        for (int i = 1; i <= text.length(); i++) {
            byteByByte.add(i);
        }
        assertThat(read(text, byteByByte)).as("byte by byte").isEqualTo(whole);
        return whole;
    }

    private static List<Answer> read(String text, List<Integer> cuts) throws MalformedAnswerException {
        AnswerParser parser = new AnswerParser();
        List<Answer> answers = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            parser.append(bytes(text.substring(from, cut)));
            from = cut;
            for (Answer answer = parser.next(); answer != null; answer = parser.next()) {
                answers.add(answer);
            }
        }
        assertThat(parser.isEmpty()).as("every byte read").isTrue();
        return answers;
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(ISO_8859_1));
    }
}
