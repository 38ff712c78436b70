package org.hbpush.server;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/grafana-dashboard.json: a dashboard to import, whose queries only use metrics hbpushd exposes. */
class GrafanaDashboardTest {
    private static final Path DASHBOARD = Path.of("../docs/grafana-dashboard.json");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");
    /** The PromQL words the dashboard uses that are not metric names. */
    private static final Set<String> PROMQL = Set.of("sum", "avg", "max", "min", "count", "rate", "irate", "increase",
            "histogram_quantile", "by", "without", "on", "ignoring", "and", "or", "unless");

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
                  - type: publisher
                    prefix: /pub/
                  - type: subscriber
                    prefix: /sub/
                """);
        http = server.http();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    @DisplayName("it is a dashboard to import: a Prometheus data source input, panels whose queries all use it")
    void importable() throws IOException {
        JsonNode dashboard = dashboard();

        assertThat(dashboard.path("title").asText()).isEqualTo("hbpush");
        assertThat(dashboard.path("__inputs").findValuesAsText("name")).containsExactly("DS_PROMETHEUS");
        assertThat(dashboard.path("__inputs").get(0).path("pluginId").asText()).isEqualTo("prometheus");
        List<JsonNode> queried = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (!panel.path("type").asText().equals("row")) {
                queried.add(panel);
            }
        }
        assertThat(queried).hasSizeGreaterThanOrEqualTo(10).allSatisfy(panel -> {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
        });
        for (String expression : expressions(dashboard)) {
            if (expression.contains("histogram_quantile")) {
                assertThat(expression).as("quantiles come from the _bucket series").contains("_bucket{").contains("by (le");
            }
        }
    }

    @Test
    @DisplayName("it charts publishing, delivery and its latency, waiting subscribers, stores, HTTP statuses and the JVM")
    void chartsWhatTheIssueAsks() throws IOException {
        Set<String> used = metricNames(dashboard());

        assertThat(used).contains("hbpush_messages_published_total", "hbpush_messages_delivered_total",
                "hbpush_delivery_latency_seconds_bucket", "hbpush_waiting_subscribers", "hbpush_store_channels", "hbpush_store_messages",
                "hbpush_store_call_duration_seconds_bucket", "hbpush_store_errors_total", "hbpush_http_requests_total",
                "jvm_memory_used_bytes", "jvm_gc_pause_seconds_count", "jvm_threads_live_threads");
    }

    @Test
    @DisplayName("every metric its queries name is one a running hbpushd exposes")
    void usesOnlyExposedMetrics() throws Exception {
        Set<String> used = metricNames(dashboard());
        // Traffic, so that what appears with use is there: a held poll delivered, a GC pause.
        assertThat(http.put("/pub/dashboard").statusCode()).isEqualTo(200);
        CompletableFuture<HttpResponse<String>> held = http.getAsync("/sub/dashboard");
        http.awaitWaitingSubscribers("/pub/dashboard", 1);
        assertThat(http.post("/pub/dashboard", "text/plain", "for the dashboard").statusCode()).isEqualTo(201);
        assertThat(held.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        Set<String> exposed = exposedAfterAGcPause();

        assertThat(exposed).as("the metrics hbpushd exposes").containsAll(used);
    }

    private Set<String> exposedAfterAGcPause() {
        long deadline = System.nanoTime() + TestHttp.TIMEOUT.toNanos();
        Set<String> exposed;
        do {
            System.gc();
            HttpResponse<String> metrics = http.get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            exposed = PrometheusScrape.parse(metrics.body()).names();
        }
        while (!exposed.contains("jvm_gc_pause_seconds_count") && System.nanoTime() < deadline);
        return exposed;
    }

    private static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(Files.readString(DASHBOARD));
    }

    private static List<String> expressions(JsonNode dashboard) {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        return expressions;
    }

    /** The metric names in the queries and the template variables' label_values(...). */
    private static Set<String> metricNames(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions(dashboard)) {
            String bare = expression
                    .replaceAll("\"[^\"]*\"", "")                    // label values
                    .replaceAll("\\{[^}]*\\}", "")                   // label matchers
                    .replaceAll("\\[[^\\]]*\\]", "")                 // ranges
                    .replaceAll("\\b(by|without)\\s*\\([^)]*\\)", "") // grouping labels
                    .replaceAll("\\b\\d+(\\.\\d+)?\\b", "");         // numbers
            Matcher identifier = IDENTIFIER.matcher(bare);
            while (identifier.find()) {
                if (!PROMQL.contains(identifier.group())) {
                    names.add(identifier.group());
                }
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher metric = LABEL_VALUES.matcher(variable.path("definition").asText());
            if (metric.find()) {
                names.add(metric.group(1));
            }
        }
        return names;
    }
}
