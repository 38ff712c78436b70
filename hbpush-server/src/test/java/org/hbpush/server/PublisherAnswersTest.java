package org.hbpush.server;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What publishers are told: channel information on every 2xx, in text or JSON. */
class PublisherAnswersTest {
    private RunningServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        server = RunningServer.withYaml("""
                store:
                  type: memory
                locations:
                  - type: subscriber
                    prefix: /subscriber/
                  - type: publisher
                    prefix: /publisher/
                  - type: publisher
                    prefix: /small/
                    max_message_size: 10
                """);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void channelInformationIsPlainTextByDefault() {
        HttpResponse<String> created = http.put("/publisher/info");
        assertThat(created.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(created.body()).isEqualTo("queued messages: 0\nlast requested: never\nactive subscribers: 0\nlast message id: none\n");

        HttpResponse<String> posted = http.post("/publisher/info", "text/plain", "x");
        assertThat(posted.body()).startsWith("queued messages: 1\nlast requested: never\nactive subscribers: 0\nlast message id: ");
        HttpResponse<String> message = http.get("/subscriber/info");
        String expectedId = TestHttpDates.epochSeconds(message.headers().firstValue("Last-Modified").orElseThrow())
                + ":" + message.headers().firstValue("Etag").orElseThrow();
        assertThat(http.get("/publisher/info").body()).endsWith("last message id: " + expectedId + "\n");
    }

    @Test
    void channelInformationSaysWhenASubscriberLastAskedForTheChannel() {
        http.put("/publisher/asked");
        assertThat(http.get("/publisher/asked").body()).contains("last requested: never\n");
        http.getAsync("/subscriber/asked");
        http.awaitWaitingSubscribers("/publisher/asked", 1);
        assertThat(http.get("/publisher/asked").body()).contains("last requested: 0 sec. ago\n");
        assertThat(http.get("/publisher/asked", "Accept", "application/json").body()).contains("\"requested\": 0,");
        http.delete("/publisher/asked");
        assertThat(http.put("/publisher/asked").body()).as("a channel made again starts afresh").contains("last requested: never\n");
    }

    @Test
    void channelInformationIsJsonWhenAskedFor() {
        http.put("/publisher/json");
        HttpResponse<String> info = http.get("/publisher/json", "Accept", "application/json");
        assertThat(info.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(info.body()).isEqualTo("{\"messages\": 0, \"requested\": null, \"subscribers\": 0, \"last_message_id\": null}\n");

        assertThat(http.get("/publisher/json", "Accept", "text/plain;q=0.5, application/json").body()).startsWith("{");
        assertThat(http.get("/publisher/json", "Accept", "text/plain, application/json;q=0.5").body()).startsWith("queued");
        assertThat(http.get("/publisher/json", "Accept", "image/png").body()).as("unknown types get the default").startsWith("queued");
    }

    @Test
    void channelInformationIsXmlOrYamlWhenAskedFor() {
        http.post("/publisher/formats", "text/plain", "x");
        HttpResponse<String> message = http.get("/subscriber/formats");
        String id = TestHttpDates.epochSeconds(message.headers().firstValue("Last-Modified").orElseThrow()) + ":0";

        for (String accept : new String[] {"application/xml", "text/xml"}) {
            HttpResponse<String> xml = http.get("/publisher/formats", "Accept", accept);
            assertThat(xml.headers().firstValue("Content-Type")).hasValue("application/xml; charset=utf-8");
            assertThat(xml.body()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<channel>\n"
                    + "  <messages>1</messages>\n  <requested>0</requested>\n  <subscribers>0</subscribers>\n  <last_message_id>" + id + "</last_message_id>\n</channel>\n");
        }
        for (String accept : new String[] {"application/yaml", "text/yaml"}) {
            HttpResponse<String> yaml = http.get("/publisher/formats", "Accept", accept);
            assertThat(yaml.headers().firstValue("Content-Type")).hasValue("application/yaml; charset=utf-8");
            assertThat(yaml.body()).isEqualTo("---\nmessages: 1\nrequested: 0\nsubscribers: 0\nlast_message_id: \"" + id + "\"\n");
        }
        assertThat(http.get("/publisher/formats", "Accept", "application/json;q=0.2, text/yaml;q=0.9, text/plain;q=0.5").body())
                .as("the highest quality wins").startsWith("---");
        assertThat(http.get("/publisher/formats", "Accept", "text/yaml;q=0, application/json").body())
                .as("q=0 refuses a type").startsWith("{");
    }

    @Test
    void aMessageLargerThanTheLimitIs413AndNothingIsStored() {
        HttpResponse<String> tooLarge = http.post("/small/limited", "text/plain", "more than ten bytes");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("max_message_size of 10 bytes");
        assertThat(http.get("/publisher/limited").statusCode()).isEqualTo(404);
        assertThat(http.post("/small/limited", "text/plain", "ten bytes!").statusCode()).isEqualTo(202);
    }

    @Test
    void aMessageWithoutContentTypeIsServedAsOctetStream() {
        HttpResponse<String> posted = http.send("POST", "/publisher/untyped");
        assertThat(posted.statusCode()).isEqualTo(202);
        HttpResponse<String> message = http.get("/subscriber/untyped");
        assertThat(message.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    }

    @Test
    void bodiesComeBackByteForByte() {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        http.post("/publisher/bytes", "application/octet-stream", body);
        assertThat(http.getBytes("/subscriber/bytes").body()).isEqualTo(body);
    }
}
