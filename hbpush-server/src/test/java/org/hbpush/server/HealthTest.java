package org.hbpush.server;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Health locations: live while the process serves, ready while every store answers. */
class HealthTest {
    private RunningServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        server = RunningServer.withYaml("""
                store:
                  first:
                    type: memory
                  second:
                    type: memory
                locations:
                  - type: health
                    prefix: /health/
                  - type: health
                    url: /(live|ready)z
                  - type: publisher
                    prefix: /pub/
                    store: first
                """);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("live is 200 and never cached")
    void live() {
        HttpResponse<String> live = http.get("/health/live");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("live\n");
        assertThat(live.headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    @DisplayName("ready is 200 when every store answers, and names them")
    void ready() {
        HttpResponse<String> ready = http.get("/health/ready");

        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready: first, second answered\n");
    }

    @Test
    @DisplayName("the readiness probe leaves no channel behind")
    void probeCreatesNothing() {
        assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);

        assertThat(http.get("/pub/hbpush-readiness-probe").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("a url location names the check with its capture group")
    void url() {
        assertThat(http.get("/livez").statusCode()).isEqualTo(200);
        assertThat(http.get("/readyz").statusCode()).isEqualTo(200);
        assertThat(http.get("/otherz").statusCode()).as("the url does not match").isEqualTo(404);
    }

    @Test
    @DisplayName("another path under the prefix is 404 with a reason")
    void unknownCheck() {
        HttpResponse<String> answer = http.get("/health/started");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo("no health check named \"started\"; use live or ready\n");
        assertThat(http.get("/health/").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("another method is 405 naming GET")
    void otherMethod() {
        HttpResponse<String> answer = http.send("POST", "/health/ready");

        assertThat(answer.statusCode()).isEqualTo(405);
        assertThat(answer.headers().firstValue("Allow")).hasValue("GET");
        assertThat(answer.body()).isEqualTo("POST is not allowed here; use GET\n");
    }
}
