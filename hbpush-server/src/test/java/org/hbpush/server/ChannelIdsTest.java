package org.hbpush.server;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Channel ids are any bytes once percent-decoded, and two different ids are two channels. */
class ChannelIdsTest {
    private RunningServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        server = RunningServer.withYaml("""
                store:
                  type: memory
                locations:
                  - type: subscriber
                    prefix: /sub/
                    polling: interval
                  - type: publisher
                    prefix: /pub/
                """);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void encodedSlashNulNewlineAndUtf8WorkAndStayDistinct() {
        String[] ids = {"a%2Fb", "nul%00byte", "nul%01byte", "new%0Aline", "caf%C3%A9", "caf%C3%A9%20", "dot/../dot", "%FF%FE"};
        for (String id : ids) {
            assertThat(http.post("/pub/" + id, "text/plain", "body of " + id).statusCode()).as(id).isEqualTo(202);
        }
        for (String id : ids) {
            HttpResponse<String> message = http.get("/sub/" + id);
            assertThat(message.statusCode()).as(id).isEqualTo(200);
            assertThat(message.body()).as(id).isEqualTo("body of " + id);
        }
    }

    @Test
    void anEscapedAndAnUnescapedCharacterNameTheSameChannel() {
        http.post("/pub/abc", "text/plain", "x");
        assertThat(http.get("/sub/%61bc").statusCode()).isEqualTo(200);
        http.post("/pub/a%2Fb", "text/plain", "slash");
        assertThat(http.get("/sub/a/b").body()).as("%2F decodes to the byte '/'").isEqualTo("slash");
    }

    @Test
    void aBadPercentEscapeIs400WithAReason() {
        assertThat(http.raw("GET", "/sub/bad%zzescape")).startsWith("HTTP/1.1 400 ");
        assertThat(http.raw("PUT", "/pub/truncated%4")).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void anEmptyChannelIdIs400() {
        HttpResponse<String> answer = http.put("/pub/");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).isEqualTo("the channel id is empty\n");
    }
}
