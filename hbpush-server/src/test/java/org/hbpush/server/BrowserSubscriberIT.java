package org.hbpush.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser (headless Chromium) runs the README's long-poll loop in a page served from
 * another origin, and follows a channel of a real hbpushd through CORS.
 */
class BrowserSubscriberIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int WAIT_SECONDS = 60;

    @TempDir
    Path profile;

    private final BlockingQueue<String> reports = new LinkedBlockingQueue<>();
    private HttpServer pages;
    private RunningServer hbpushd;
    private Process browser;

    @BeforeEach
    void start() throws IOException {
        assertThat(CHROMIUM).as("Chromium is needed for this test: run scripts/test-services.sh (apt-get install chromium)").exists();
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/subscriber.html", this::servePage);
        pages.createContext("/report", this::receiveReport);
        pages.start();
        String pageOrigin = "http://127.0.0.1:" + pages.getAddress().getPort();
        hbpushd = RunningServer.withYaml("""
                store:
                  type: memory
                locations:
                  - type: subscriber
                    prefix: /sub/
                    cors:
                      allow_origins: [%s]
                  - type: publisher
                    prefix: /pub/
                """.formatted(pageOrigin));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (browser != null) {
            browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        hbpushd.close();
        pages.stop(0);
    }

    @Test
    void aPageFromAnotherOriginFollowsAChannelAndReadsItsValidators() throws Exception {
        TestHttp http = hbpushd.http();
        http.post("/pub/browser", "text/plain", "first");
        // "localhost" and 127.0.0.1 are different origins; so are the two ports.
        String channelUrl = "http://localhost:" + hbpushd.port() + "/sub/browser";
        String page = "http://127.0.0.1:" + pages.getAddress().getPort() + "/subscriber.html?channel="
                + java.net.URLEncoder.encode(channelUrl, StandardCharsets.UTF_8);
        browser = new ProcessBuilder(List.of(CHROMIUM.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--user-data-dir=" + profile, page))
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();

        assertThat(nextReport()).isEqualTo("started");
        assertThat(nextReport()).isEqualTo("message first text/plain");
        // The page now holds a long poll with the validators it read through CORS.
        http.awaitWaitingSubscribers("/pub/browser", 1);
        http.post("/pub/browser", "application/json", "{\"n\":2}");
        assertThat(nextReport()).isEqualTo("message {\"n\":2} application/json");
        http.awaitWaitingSubscribers("/pub/browser", 1);
        http.delete("/pub/browser");
        assertThat(nextReport()).isEqualTo("gone");
    }

    private String nextReport() throws InterruptedException, IOException {
        String report = reports.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (report == null) {
            Path log = profile.resolve("chromium.log");
            throw new AssertionError("the page reported nothing in " + WAIT_SECONDS + " s; Chromium said:\n"
                    + (Files.exists(log) ? Files.readString(log) : "(nothing)"));
        }
        return report;
    }

    private void servePage(HttpExchange exchange) throws IOException {
        try (InputStream page = getClass().getResourceAsStream("/browser/subscriber.html")) {
            byte[] body = page.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private void receiveReport(HttpExchange exchange) throws IOException {
        reports.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }
}
