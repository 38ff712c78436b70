package org.hbpush.server;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Metrics locations: Prometheus scrapes of this node's traffic, held polls, stores, JVM and Jetty. */
class MetricsTest {
    private RunningServer server;
    private TestHttp http;

    @BeforeEach
    void start() {
        server = RunningServer.withYaml("""
                store:
                  type: memory
                locations:
                  - type: metrics
                    prefix: /metrics
                  - type: metrics
                    url: /private/metrics
                    allow: [192.0.2.1]
                  - type: publisher
                    prefix: /pub/
                  - type: subscriber
                    prefix: /sub/
                  - type: stats
                    prefix: /stats
                """);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("the Prometheus text format 0.0.4 by default, OpenMetrics when Accept asks for it")
    void formats() {
        HttpResponse<String> text = http.get("/metrics");
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(text.body()).contains("# TYPE hbpush_messages_published_total counter\n");
        assertThat(text.body()).doesNotContain("# EOF");

        // What Prometheus itself sends.
        HttpResponse<String> openMetrics = http.get("/metrics", "Accept",
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        assertThat(openMetrics.statusCode()).isEqualTo(200);
        assertThat(openMetrics.headers().firstValue("Content-Type")).hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(openMetrics.body()).contains("# TYPE hbpush_messages_published counter\n").endsWith("# EOF\n");

        HttpResponse<String> refused = http.get("/metrics", "Accept", "application/openmetrics-text;q=0, text/plain");
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    @DisplayName("published and delivered messages by location and store, requests by location and status, store calls and sizes")
    void countsTraffic() {
        PrometheusScrape before = scrape();

        for (int posted = 0; posted < 3; posted++) {
            assertThat(http.post("/pub/a", "text/plain", "message " + posted).statusCode()).isEqualTo(202);
        }
        assertThat(http.get("/sub/a").statusCode()).isEqualTo(200);
        assertThat(http.get("/sub/unknown").statusCode()).isEqualTo(404);
        assertThat(http.get("/nowhere").statusCode()).isEqualTo(404);

        PrometheusScrape after = awaitScrape(scrape -> scrape.value("hbpush_http_requests_total", "location", "none", "status", "404") == 1);
        assertThat(delta(before, after, "hbpush_messages_published_total", "location", "/pub/", "store", "default")).isEqualTo(3);
        assertThat(delta(before, after, "hbpush_messages_delivered_total", "location", "/sub/", "store", "default")).isEqualTo(1);
        assertThat(delta(before, after, "hbpush_http_requests_total", "location", "/pub/", "type", "publisher", "status", "202")).isEqualTo(3);
        assertThat(delta(before, after, "hbpush_http_requests_total", "location", "/sub/", "type", "subscriber", "status", "200")).isEqualTo(1);
        assertThat(delta(before, after, "hbpush_http_requests_total", "location", "/sub/", "type", "subscriber", "status", "404")).isEqualTo(1);
        assertThat(delta(before, after, "hbpush_http_requests_total", "location", "none", "type", "none", "status", "404")).isEqualTo(1);
        assertThat(after.value("hbpush_http_requests_total", "location", "/metrics", "type", "metrics", "status", "200"))
                .as("the scrapes before this one were counted")
                .isGreaterThanOrEqualTo(1);

        assertThat(delta(before, after, "hbpush_store_call_duration_seconds_count", "store", "default", "store_type", "memory", "operation", "post"))
                .isEqualTo(3);
        assertThat(delta(before, after, "hbpush_store_call_duration_seconds_bucket", "store", "default", "operation", "post", "le", "+Inf"))
                .isEqualTo(3);
        assertThat(after.sum("hbpush_store_errors_total", "store", "default")).as("the memory store never failed").isZero();
        assertThat(after.has("hbpush_store_errors_total", "store", "default", "operation", "post", "error", "unavailable"))
                .as("error counters exist at 0 before the first error, so that increase() sees it").isTrue();
        assertThat(after.value("hbpush_store_channels", "store", "default", "store_type", "memory"))
                .as("channel a; an unknown channel read is not created").isEqualTo(1);
        assertThat(after.value("hbpush_store_messages", "store", "default", "store_type", "memory")).isEqualTo(3);
    }

    @Test
    @DisplayName("held long polls: the waiting gauge counts them, their deliveries and latency are recorded, and the gauge returns to 0")
    void heldPolls() throws Exception {
        assertThat(http.put("/pub/held").statusCode()).isEqualTo(200);
        PrometheusScrape before = scrape();
        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int poll = 0; poll < 3; poll++) {
            polls.add(http.getAsync("/sub/held"));
        }
        http.awaitWaitingSubscribers("/pub/held", 3);

        PrometheusScrape holding = scrape();
        assertThat(holding.value("hbpush_waiting_subscribers", "store", "default", "store_type", "memory")).isEqualTo(3);
        assertThat(holding.value("hbpush_waiting_channels", "store", "default", "store_type", "memory")).isEqualTo(1);

        assertThat(http.post("/pub/held", "text/plain", "for all three").statusCode()).isEqualTo(201);
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            assertThat(poll.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }

        PrometheusScrape after = awaitScrape(scrape ->
                delta(before, scrape, "hbpush_messages_delivered_total", "location", "/sub/", "store", "default") == 3);
        assertThat(delta(before, after, "hbpush_messages_delivered_total", "location", "/sub/", "store", "default")).isEqualTo(3);
        assertThat(delta(before, after, "hbpush_delivery_latency_seconds_count", "location", "/sub/", "store", "default"))
                .as("each held poll answered from the post's event records its latency").isEqualTo(3);
        assertThat(delta(before, after, "hbpush_delivery_latency_seconds_bucket", "location", "/sub/", "store", "default", "le", "+Inf"))
                .isEqualTo(3);
        assertThat(after.value("hbpush_waiting_subscribers", "store", "default", "store_type", "memory")).isZero();
        assertThat(after.value("hbpush_waiting_channels", "store", "default", "store_type", "memory")).isZero();
    }

    @Test
    @DisplayName("a subscriber that finds its message already stored is a delivery without a publish-to-delivery latency")
    void storedMessagesHaveNoLatency() {
        assertThat(http.post("/pub/stored", "text/plain", "waiting for a reader").statusCode()).isEqualTo(202);
        PrometheusScrape before = scrape();

        assertThat(http.get("/sub/stored").statusCode()).isEqualTo(200);

        PrometheusScrape after = awaitScrape(scrape ->
                delta(before, scrape, "hbpush_messages_delivered_total", "location", "/sub/", "store", "default") == 1);
        assertThat(delta(before, after, "hbpush_messages_delivered_total", "location", "/sub/", "store", "default")).isEqualTo(1);
        assertThat(delta(before, after, "hbpush_delivery_latency_seconds_count", "location", "/sub/", "store", "default")).isZero();
    }

    @Test
    @DisplayName("the JVM's memory, GC and threads, the process and Jetty's threads and connections")
    void jvmAndJetty() {
        PrometheusScrape scrape = scrape();

        // Eden alone reads 0 right after a young collection; the heap as a whole never does
        assertThat(scrape.has("jvm_memory_used_bytes", "area", "heap", "id", "G1 Eden Space")).isTrue();
        assertThat(scrape.sum("jvm_memory_used_bytes", "area", "heap")).isPositive();
        assertThat(scrape.has("jvm_memory_max_bytes", "area", "heap")).isTrue();
        assertThat(scrape.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
        assertThat(scrape.value("jvm_threads_live_threads")).isPositive();
        assertThat(scrape.value("process_uptime_seconds")).isPositive();
        assertThat(scrape.has("process_cpu_usage")).isTrue();
        assertThat(scrape.value("jetty_threads_current")).isPositive();
        assertThat(scrape.value("jetty_connections_current_connections")).as("this scrape's own connection").isPositive();
    }

    @Test
    @DisplayName("only the location's own path, only GET, and only the addresses it allows")
    void onlyItsPathGetAndAllowedAddresses() {
        HttpResponse<String> below = http.get("/metrics/more");
        assertThat(below.statusCode()).isEqualTo(404);
        assertThat(below.body()).isEqualTo("the metrics are at the location's prefix itself, not below it\n");

        HttpResponse<String> post = http.send("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");

        HttpResponse<String> denied = http.get("/private/metrics");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(denied.body()).isEqualTo("address 127.0.0.1 is not allowed to use this location\n");
    }

    @Test
    @DisplayName("a subscriber that leaves its held poll counts as 499 (client closed request), never as a server error")
    void aSubscriberLeavingIsNoServerError() throws Exception {
        assertThat(http.put("/pub/left").statusCode()).isEqualTo(200);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("GET /sub/left HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            http.awaitWaitingSubscribers("/pub/left", 1);
        }
        http.awaitWaitingSubscribers("/pub/left", 0);

        PrometheusScrape after = awaitScrape(scrape -> scrape.value("hbpush_http_requests_total", "location", "/sub/", "type", "subscriber", "status", "499") == 1);
        assertThat(after.value("hbpush_http_requests_total", "location", "/sub/", "type", "subscriber", "status", "499")).isEqualTo(1);
        assertThat(after.has("hbpush_http_requests_total", "location", "/sub/", "type", "subscriber", "status", "500")).isFalse();
        assertThat(http.get("/stats").body()).as("stats").contains("answers 5xx: 0");
    }

    private PrometheusScrape scrape() {
        HttpResponse<String> metrics = http.get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        return PrometheusScrape.parse(metrics.body());
    }

    /** Requests are counted once Jetty has finished them, a moment after the client read the answer. */
    private PrometheusScrape awaitScrape(Predicate<PrometheusScrape> ready) {
        long deadline = System.nanoTime() + TestHttp.TIMEOUT.toNanos();
        PrometheusScrape scrape = scrape();
        while (!ready.test(scrape) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            scrape = scrape();
        }
        return scrape;
    }

    private static double delta(PrometheusScrape before, PrometheusScrape after, String name, String... labelPairs) {
        return after.value(name, labelPairs) - before.value(name, labelPairs);
    }
}
