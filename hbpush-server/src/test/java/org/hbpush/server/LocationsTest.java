package org.hbpush.server;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Locations: tried in order, matched by prefix or url pattern, bound to their own store. */
class LocationsTest {
    @Test
    void theFirstMatchingLocationWinsEvenWhenItHidesALaterOne() {
        try (RunningServer server = RunningServer.withYaml("""
                store:
                  type: memory
                locations:
                  - type: subscriber
                    url: /(.+)
                    polling: interval
                  - type: publisher
                    url: /pub/(.+)
                """)) {
            // The seed README's caveat: /pub/x is taken by the subscriber location, channel "pub/x".
            HttpResponse<String> answer = server.http().put("/pub/x");
            assertThat(answer.statusCode()).as("the subscriber location answers PUT").isEqualTo(405);
            assertThat(answer.headers().firstValue("Allow")).hasValue("GET");
        }
    }

    @Test
    void aUrlPatternNamesTheChannelWithItsCaptureGroup() {
        try (RunningServer server = RunningServer.withYaml("""
                store:
                  type: memory
                locations:
                  - type: publisher
                    url: /channel/(\\d+)/publish/
                  - type: subscriber
                    url: /channel/(\\d+)/subscribe/
                    polling: interval
                """)) {
            TestHttp http = server.http();
            assertThat(http.post("/channel/42/publish/", "text/plain", "for 42").statusCode()).isEqualTo(202);
            HttpResponse<String> message = http.get("/channel/42/subscribe/");
            assertThat(message.statusCode()).isEqualTo(200);
            assertThat(message.body()).isEqualTo("for 42");
            assertThat(http.get("/channel/43/subscribe/").statusCode()).as("another channel").isEqualTo(404);
            assertThat(http.get("/channel/abc/subscribe/").statusCode()).as("the pattern must match the whole path").isEqualTo(404);
            assertThat(http.get("/channel/abc/subscribe/").body()).contains("no location matches");
        }
    }

    @Test
    void aPathNoLocationMatchesIs404WithAReason() {
        try (RunningServer server = RunningServer.withDefaults()) {
            HttpResponse<String> answer = server.http().get("/elsewhere/x");
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.body()).isEqualTo("no location matches /elsewhere/x\n");
        }
    }

    @Test
    void twoNamedStoresKeepTheirChannelsApart() {
        try (RunningServer server = RunningServer.withYaml("""
                store:
                  default:
                    type: memory
                  other:
                    type: memory
                locations:
                  - type: publisher
                    prefix: /pub/
                  - type: subscriber
                    prefix: /sub/
                    polling: interval
                  - type: publisher
                    prefix: /other/pub/
                    store: other
                  - type: subscriber
                    prefix: /other/sub/
                    store: other
                    polling: interval
                """)) {
            TestHttp http = server.http();
            assertThat(http.post("/pub/shared-name", "text/plain", "in default").statusCode()).isEqualTo(202);
            assertThat(http.post("/other/pub/shared-name", "text/plain", "in other").statusCode()).isEqualTo(202);

            assertThat(http.get("/sub/shared-name").body()).isEqualTo("in default");
            assertThat(http.get("/other/sub/shared-name").body()).isEqualTo("in other");
            assertThat(http.get("/pub/shared-name").body()).contains("queued messages: 1");

            assertThat(http.delete("/other/pub/shared-name").statusCode()).isEqualTo(200);
            assertThat(http.get("/sub/shared-name").statusCode()).as("the default store's channel is untouched").isEqualTo(200);
        }
    }

    @Test
    void intervalPollingAnswers304AtOnceWithTheValidatorsSentBack() {
        try (RunningServer server = RunningServer.withYaml("""
                store:
                  type: memory
                locations:
                  - type: publisher
                    prefix: /pub/
                  - type: subscriber
                    prefix: /sub/
                    polling: interval
                """)) {
            TestHttp http = server.http();
            http.post("/pub/c", "text/plain", "one");
            HttpResponse<String> message = http.get("/sub/c");
            HttpResponse<String> nothingNewer = http.get("/sub/c", TestHttp.nextAfter(message));
            assertThat(nothingNewer.statusCode()).isEqualTo(304);
            assertThat(nothingNewer.headers().firstValue("Etag")).isEqualTo(message.headers().firstValue("Etag"));
            assertThat(nothingNewer.headers().firstValue("Last-Modified")).isEqualTo(message.headers().firstValue("Last-Modified"));
        }
    }

    @Test
    void otherMethodsAre405WithTheAllowedOnes() {
        try (RunningServer server = RunningServer.withDefaults()) {
            HttpResponse<String> publisher = server.http().send("PATCH", "/publisher/x");
            assertThat(publisher.statusCode()).isEqualTo(405);
            assertThat(publisher.headers().firstValue("Allow")).hasValue("GET, PUT, POST, DELETE");
            HttpResponse<String> subscriber = server.http().send("POST", "/subscriber/x");
            assertThat(subscriber.statusCode()).isEqualTo(405);
            assertThat(subscriber.headers().firstValue("Allow")).hasValue("GET");
        }
    }
}
