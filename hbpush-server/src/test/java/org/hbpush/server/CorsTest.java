package org.hbpush.server;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Browser pages from other origins: preflight answers, and every answer marked for the page's script. */
class CorsTest {
    private static final String APP = "http://app.example:3000";

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
                    cors:
                      allow_origins: [http://app.example:3000]
                      allow_credentials: true
                  - type: publisher
                    prefix: /pub/
                    cors:
                      allow_origins: "*"
                      max_age: 60
                  - type: subscriber
                    prefix: /private/
                """);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPreflightIsAnsweredWithTheLocationsMethodsAndTheProtocolsHeaders() {
        HttpResponse<String> preflight = http.sendWithHeaders("OPTIONS", "/sub/news",
                "Origin", APP, "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match");
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("If-None-Match, If-Modified-Since, Content-Type");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(preflight.headers().allValues("Vary")).contains("Origin");

        HttpResponse<String> publisher = http.sendWithHeaders("OPTIONS", "/pub/news",
                "Origin", "https://anywhere.example", "Access-Control-Request-Method", "POST");
        assertThat(publisher.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(publisher.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, PUT, POST, DELETE");
        assertThat(publisher.headers().firstValue("Access-Control-Max-Age")).hasValue("60");
    }

    @Test
    void aPreflightFromAnotherOriginIsRefused() {
        HttpResponse<String> refused = http.sendWithHeaders("OPTIONS", "/sub/news",
                "Origin", "https://evil.example", "Access-Control-Request-Method", "GET");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(refused.body()).isEqualTo("origin https://evil.example is not allowed here (cors.allow_origins)\n");
    }

    @Test
    void everyAnswerToAnAllowedOriginIsMarkedAndExposesTheValidators() {
        HttpResponse<String> notFound = http.get("/sub/news", "Origin", APP);
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("Access-Control-Allow-Origin")).as("errors too").hasValue(APP);

        http.post("/pub/news", "text/plain", "hello");
        HttpResponse<String> message = http.get("/sub/news", "Origin", APP);
        assertThat(message.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(message.headers().firstValue("Access-Control-Expose-Headers")).hasValue("Etag, Last-Modified, X-Hbpush-Gap");
        assertThat(message.headers().allValues("Vary")).contains("Origin", "If-Modified-Since, If-None-Match");

        String[] next = TestHttp.nextAfter(message);
        HttpResponse<String> notModified = http.get("/sub/news", "Origin", APP, next[0], next[1], next[2], next[3]);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.headers().firstValue("Access-Control-Allow-Origin")).as("304 too").hasValue(APP);
    }

    @Test
    void otherOriginsAndLocationsWithoutCorsGetNoMark() {
        http.post("/pub/news", "text/plain", "hello");
        assertThat(http.get("/sub/news", "Origin", "https://evil.example").headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(http.get("/private/news", "Origin", APP).headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(http.sendWithHeaders("OPTIONS", "/private/news", "Origin", APP, "Access-Control-Request-Method", "GET").statusCode())
                .as("a location without cors answers OPTIONS like any other method it does not serve")
                .isEqualTo(405);
    }
}
