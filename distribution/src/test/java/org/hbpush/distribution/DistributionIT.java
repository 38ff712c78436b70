package org.hbpush.distribution;

import static java.lang.String.format;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built tarball as an operator meets it: unpacked with {@code tar}, started through {@code bin/hbpushd}
 * as a real process, spoken to over real HTTP and stopped with SIGTERM.
 *
 * <p>Maven passes the tarball and the version as the system properties {@code hbpush.distribution.tarball}
 * and {@code hbpush.version}. The output of every process the test starts goes to a file, printed when the
 * test fails.
 */
class DistributionIT {

    private static final String VERSION = requiredProperty("hbpush.version");
    private static final Path TARBALL = Path.of(requiredProperty("hbpush.distribution.tarball"));
    private static final String HOME_DIRECTORY = "hbpush-" + VERSION;

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    /**
     * A line of the publisher's channel information (text/plain) that counts one waiting subscriber, such as
     * {@code subscribers: 1} or {@code waiting subscribers: 1}.
     */
    private static final Pattern ONE_WAITING_SUBSCRIBER = Pattern.compile("(?im)^[^\\n]*subscribers?\\D*\\b1\\b");

    @TempDir
    static Path installation;

    private static Path home;

    @TempDir
    Path temp;

    private final List<Launched> launched = new ArrayList<>();

    @RegisterExtension
    final AfterTestExecutionCallback printOutputOnFailure = context -> {
        if (context.getExecutionException().isPresent()) {
            for (Launched process : launched) {
                System.err.printf("---- output of %s%n%s---- end%n", process.command(), process.output());
            }
        }
    };

    @BeforeAll
    static void unpackTarball() throws Exception {
        assertThat(TARBALL).as("the tarball built by `mvn package`").isRegularFile();
        // tar rather than a Java unpacker: it keeps the file modes the operator will get.
        Process tar = new ProcessBuilder("tar", "-x", "-p", "-z", "-f", TARBALL.toString(), "-C", installation.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(tar.getInputStream().readAllBytes(), UTF_8);
        assertThat(tar.waitFor()).as("tar -xzf %s: %s", TARBALL, output).isZero();
        home = installation.resolve(HOME_DIRECTORY);
    }

    @Test
    void unpacksIntoOneDirectoryNamedAfterTheVersion() throws Exception {
        try (Stream<Path> top = Files.list(installation)) {
            assertThat(top.map(path -> path.getFileName().toString())).containsExactly(HOME_DIRECTORY);
        }
    }

    @Test
    void holdsLauncherConfigurationLibrariesPluginsReadmeAndLicense() {
        assertThat(home.resolve("bin/hbpushd")).isRegularFile();
        assertThat(home.resolve("conf/hbpushd.yml")).isRegularFile();
        assertThat(home.resolve("conf/logback.xml")).isRegularFile();
        assertThat(home.resolve("conf/hbpushd.service")).isRegularFile();
        assertThat(home.resolve("lib")).isDirectory();
        assertThat(home.resolve("plugins/memory")).isDirectory();
        assertThat(home.resolve("plugins/redis")).isDirectory();
        assertThat(home.resolve("plugins/postgresql")).isDirectory();
        assertThat(home.resolve("README.md")).isRegularFile();
        assertThat(home.resolve("LICENSE")).isRegularFile();
    }

    @Test
    void shipsHttp2AndAlpnForTlsListeners() throws Exception {
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(path -> path.getFileName().toString()).toList())
                    .anyMatch(jar -> jar.startsWith("jetty-http2-server-"))
                    .anyMatch(jar -> jar.startsWith("jetty-http2-common-"))
                    .anyMatch(jar -> jar.startsWith("jetty-http2-hpack-"))
                    .anyMatch(jar -> jar.startsWith("jetty-alpn-java-server-"))
                    .anyMatch(jar -> jar.startsWith("jetty-alpn-server-"));
        }
    }

    @Test
    void makesOnlyTheLauncherExecutable() throws Exception {
        try (Stream<Path> tree = Files.walk(home)) {
            for (Path path : tree.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
                // the launchers: bin/hbpushd and bin/hbpush-bench
                boolean launcher = home.resolve("bin").equals(path.getParent());
                String expected = Files.isDirectory(path) || launcher ? "rwxr-xr-x" : "rw-r--r--";
                assertThat(mode).as("mode of %s", home.relativize(path)).isEqualTo(expected);
            }
        }
    }

    @Test
    void keepsTheServerApiAndSlf4jInLibAndOutOfThePlugin() throws Exception {
        assertThat(fileNames(home.resolve("lib")))
                .contains("hbpush-server-" + VERSION + ".jar", "hbpush-api-" + VERSION + ".jar")
                .anyMatch(name -> name.startsWith("slf4j-api-") && name.endsWith(".jar"))
                .anyMatch(name -> name.startsWith("logback-classic-") && name.endsWith(".jar"))
                .noneMatch(name -> name.startsWith("hbpush-store-"))
                .as("Lettuce and its libraries live in plugins/redis only")
                .noneMatch(name -> name.startsWith("lettuce-") || name.startsWith("netty-") || name.startsWith("reactor-"))
                .as("the PostgreSQL driver and pool live only in plugins/postgresql")
                .noneMatch(name -> name.startsWith("postgresql-"))
                .noneMatch(name -> name.startsWith("HikariCP-"));

        // The server's loader hands org.hbpush.api and org.slf4j to every plugin; a plugin's own copy would be
        // dead weight at best.
        assertThat(fileNames(home.resolve("plugins/memory")))
                .anyMatch(name -> name.startsWith("hbpush-store-memory-") && name.endsWith(".jar"))
                .noneMatch(name -> name.startsWith("hbpush-api"))
                .noneMatch(name -> name.startsWith("slf4j-api"))
                .allMatch(name -> name.endsWith(".jar"));
        assertThat(fileNames(home.resolve("plugins/redis")))
                .anyMatch(name -> name.startsWith("hbpush-store-redis-") && name.endsWith(".jar"))
                .anyMatch(name -> name.startsWith("lettuce-core-") && name.endsWith(".jar"))
                .anyMatch(name -> name.startsWith("netty-") && name.endsWith(".jar"))
                .noneMatch(name -> name.startsWith("hbpush-api"))
                .noneMatch(name -> name.startsWith("slf4j-api"))
                .allMatch(name -> name.endsWith(".jar"));
        assertThat(fileNames(home.resolve("plugins/postgresql")))
                .anyMatch(name -> name.startsWith("hbpush-store-postgresql-") && name.endsWith(".jar"))
                .anyMatch(name -> name.startsWith("postgresql-") && name.endsWith(".jar"))
                .anyMatch(name -> name.startsWith("HikariCP-") && name.endsWith(".jar"))
                .noneMatch(name -> name.startsWith("hbpush-api"))
                .noneMatch(name -> name.startsWith("slf4j-api"))
                .allMatch(name -> name.endsWith(".jar"));
    }

    @Test
    void printsTheVersion() throws Exception {
        try (Launched version = launch(temp, Map.of(), launcher().toString(), "--version")) {
            assertThat(version.awaitExit(START_TIMEOUT)).as("exit status of --version").isZero();
            assertThat(version.output()).contains(VERSION);
        }
    }

    @Test
    void reportsAMissingConfigurationFileInOneParagraphWithoutStackTrace() throws Exception {
        try (Launched missing = launch(temp, Map.of(), launcher().toString(), "--config", "missing.yml")) {
            assertThat(missing.awaitExit(START_TIMEOUT)).as("exit status with a missing configuration").isNotZero();
            String output = missing.output();
            assertThat(output).contains("missing.yml").doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(output.strip()).as("one paragraph").isNotEmpty().doesNotContain("\n\n");
        }
    }

    @Test
    void acceptsTheShippedConfiguration() throws Exception {
        // --port because the shipped port 80 needs root.
        try (Launched check = launch(home, Map.of(), "bin/hbpushd",
                "--check", "--config", "conf/hbpushd.yml", "--port", String.valueOf(freePort()))) {
            assertThat(check.awaitExit(START_TIMEOUT)).as("exit status of --check on conf/hbpushd.yml").isZero();
        }
    }

    @Test
    void givesTheJvmTheDocumentedDefaults() throws Exception {
        try (Launched defaults = launch(temp, Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"), launcher().toString(), "--version")) {
            assertThat(defaults.awaitExit(START_TIMEOUT)).as("exit status of --version").isZero();
            assertThat(defaults.output())
                    .as("1 GB of heap, G1 without concurrent refinement threads, exit on out-of-memory")
                    .contains("-XX:MaxHeapSize=1073741824", "-XX:+UseG1GC", "-XX:G1ConcRefinementThreads=0", "-XX:+ExitOnOutOfMemoryError");
            int feature = Runtime.version().feature();
            if (feature <= 19) {
                assertThat(defaults.output()).as("Java %d still has G1's refinement zones", feature).contains("-XX:G1ConcRefinementGreenZone=200");
            }
            else {
                assertThat(defaults.output()).as("Java %d has no refinement zones", feature).doesNotContain("G1ConcRefinementGreenZone");
            }
        }
    }

    @Test
    void leavesTheRefinementZoneOutForAJavaWithout() throws Exception {
        // A Java installation that says it is 21 (the flag is gone since 20; given, it would stop that JVM):
        // the release file of its own, and this test's java linked in as its bin/java.
        Path java21 = Files.createDirectories(temp.resolve("java-21/bin"));
        Files.createSymbolicLink(java21.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        Files.writeString(java21.resolveSibling("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"21.0.4\"\n", UTF_8);
        Map<String, String> environment = Map.of("JAVA_HOME", java21.getParent().toString(), "JAVA_OPTS", "-XX:+PrintCommandLineFlags");
        try (Launched started = launch(temp, environment, launcher().toString(), "--version")) {
            assertThat(started.awaitExit(START_TIMEOUT)).as("exit status of --version").isZero();
            assertThat(started.output()).contains("-XX:G1ConcRefinementThreads=0", VERSION).doesNotContain("G1ConcRefinementGreenZone");
        }
    }

    @Test
    void letsJavaOptsChooseTheRefinementZone() throws Exception {
        Map<String, String> environment = Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags -XX:G1ConcRefinementGreenZone=10");
        try (Launched chosen = launch(temp, environment, launcher().toString(), "--version")) {
            assertThat(chosen.awaitExit(START_TIMEOUT)).as("exit status of --version with JAVA_OPTS").isZero();
            assertThat(chosen.output()).contains("-XX:G1ConcRefinementGreenZone=10", VERSION)
                    .doesNotContain("-XX:G1ConcRefinementGreenZone=200");
        }
    }

    @Test
    void letsJavaOptsChooseTheHeapAndTheCollector() throws Exception {
        // Two collectors would not start: the launcher's G1 must give way to the user's choice.
        Map<String, String> environment = Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags -Xmx256m -XX:+UseParallelGC");
        try (Launched chosen = launch(temp, environment, launcher().toString(), "--version")) {
            assertThat(chosen.awaitExit(START_TIMEOUT)).as("exit status of --version with JAVA_OPTS").isZero();
            assertThat(chosen.output())
                    .contains("-XX:MaxHeapSize=268435456", "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError", VERSION)
                    .doesNotContain("-XX:+UseG1GC");
        }
    }

    @Test
    void letsJavaOptsGiveG1ItsRefinementThreadsBack() throws Exception {
        Map<String, String> environment = Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags -XX:G1ConcRefinementThreads=2");
        try (Launched chosen = launch(temp, environment, launcher().toString(), "--version")) {
            assertThat(chosen.awaitExit(START_TIMEOUT)).as("exit status of --version with JAVA_OPTS").isZero();
            assertThat(chosen.output())
                    .contains("-XX:+UseG1GC", "-XX:G1ConcRefinementThreads=2", VERSION)
                    .doesNotContain("-XX:G1ConcRefinementThreads=0");
        }
    }

    @Test
    void shipsASystemdUnitThatRunsTheLauncherAsAnUnprivilegedUser() throws Exception {
        Path unit = home.resolve("conf/hbpushd.service");
        Map<String, List<String>> service = iniSection(Files.readAllLines(unit, UTF_8), "Service");
        assertThat(service.get("User")).as("User=").containsExactly("hbpush");
        assertThat(service.get("AmbientCapabilities")).as("AmbientCapabilities=").containsExactly("CAP_NET_BIND_SERVICE");
        assertThat(service.get("CapabilityBoundingSet")).as("CapabilityBoundingSet=").containsExactly("CAP_NET_BIND_SERVICE");
        assertThat(service.get("Restart")).as("Restart=").containsExactly("on-failure");
        assertThat(service.get("KillSignal")).as("KillSignal=").containsExactly("SIGTERM");
        assertThat(service.get("NoNewPrivileges")).as("NoNewPrivileges=").containsExactly("true");
        assertThat(service.get("ProtectSystem")).as("ProtectSystem=").containsExactly("strict");
        assertThat(Long.parseLong(service.get("LimitNOFILE").get(0))).as("LimitNOFILE= above the default max_waiting_subscribers")
                .isGreaterThan(50_000);
        assertThat(service.get("ExecStartPre")).as("ExecStartPre=").singleElement().asString()
                .startsWith("/opt/hbpush/bin/hbpushd --check --config /opt/hbpush/conf/hbpushd.yml");
        assertThat(service.get("ExecStart")).as("ExecStart=").singleElement().asString()
                .isEqualTo("/opt/hbpush/bin/hbpushd --config /opt/hbpush/conf/hbpushd.yml");
        // Every path under /opt/hbpush that the unit names is in the tarball.
        for (String command : List.of(service.get("ExecStartPre").get(0), service.get("ExecStart").get(0))) {
            for (String word : command.split(" ")) {
                if (word.startsWith("/opt/hbpush/")) {
                    assertThat(home.resolve(word.substring("/opt/hbpush/".length()))).as("%s in the tarball", word).exists();
                }
            }
        }

        // systemd's own check, where systemd-analyze exists, with the unit pointed at this unpacked tarball.
        Optional<Path> analyze = onPathIfAny("systemd-analyze");
        if (analyze.isPresent()) {
            Path pointed = Files.writeString(temp.resolve("hbpushd.service"),
                    Files.readString(unit, UTF_8).replace("/opt/hbpush/", home + "/"), UTF_8);
            try (Launched verify = launch(temp, Map.of(), analyze.get().toString(), "verify", pointed.toString())) {
                assertThat(verify.awaitExit(START_TIMEOUT)).as("systemd-analyze verify: %s", verify.output()).isZero();
                assertThat(verify.output()).as("systemd-analyze verify").doesNotContain("hbpushd.service:");
            }
        }
    }

    /** The keys of one [section] of a systemd unit, each with its values in order; comments and blank lines skipped. */
    private static Map<String, List<String>> iniSection(List<String> lines, String section) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        String current = "";
        for (String line : lines) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith(";")) {
                continue;
            }
            if (text.startsWith("[") && text.endsWith("]")) {
                current = text.substring(1, text.length() - 1);
                continue;
            }
            int equals = text.indexOf('=');
            assertThat(equals).as("a unit line is a section or key=value: %s", line).isPositive();
            if (current.equals(section)) {
                keys.computeIfAbsent(text.substring(0, equals).strip(), key -> new ArrayList<>()).add(text.substring(equals + 1).strip());
            }
        }
        assertThat(keys).as("[%s] of the unit", section).isNotEmpty();
        return keys;
    }

    @Test
    void refusesAJavaHomeWithoutJava() throws Exception {
        Path notJava = Files.createDirectories(temp.resolve("not-java"));
        try (Launched started = launch(temp, Map.of("JAVA_HOME", notJava.toString()), launcher().toString(), "--version")) {
            assertThat(started.awaitExit(START_TIMEOUT)).isNotZero();
            assertThat(started.output()).contains("JAVA_HOME is " + notJava).contains("not an executable");
        }
    }

    @Test
    void saysSoWhenNoJavaIsFound() throws Exception {
        // A PATH with the tools the launcher needs and no java; JAVA_HOME unset.
        Path tools = Files.createDirectories(temp.resolve("tools"));
        for (String tool : List.of("dirname", "readlink")) {
            Files.copy(onPath(tool), tools.resolve(tool), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Map<String, String> environment = Map.of("PATH", tools.toString(), "JAVA_HOME", "");
        try (Launched started = launch(temp, environment, launcher().toString(), "--version")) {
            assertThat(started.awaitExit(START_TIMEOUT)).isNotZero();
            assertThat(started.output()).contains("no Java found");
        }
    }

    @Test
    void servesALongPollThroughASymlinkedLauncherAndStopsOnSigterm() throws Exception {
        // /links/hbpushd -> ../elsewhere/hbpushd (relative) -> <home>/bin/hbpushd (absolute), started from a
        // working directory unrelated to both: the launcher must still find its home and plugins/memory.
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        Path links = Files.createDirectories(temp.resolve("links"));
        Path work = Files.createDirectories(temp.resolve("work"));
        Path absoluteLink = Files.createSymbolicLink(elsewhere.resolve("hbpushd"), launcher());
        Path link = Files.createSymbolicLink(links.resolve("hbpushd"), Path.of("..", "elsewhere", "hbpushd"));
        try {
            publishToALongPollAndStop(link, work);
        } finally {
            Files.delete(absoluteLink); // it points out of the temporary directory
        }
    }

    @Test
    void answersARequestWithTwoHostHeadersWithoutAWarningForEach() throws Exception {
        // A client can send such requests as fast as it likes: each gets its 400 with the reason, and
        // Jetty's parser, which would log a WARN per request, logs nothing at the shipped levels.
        Path work = Files.createDirectories(temp.resolve("two-hosts"));
        int port = freePort();
        Files.writeString(work.resolve("hbpushd-it.yml"), String.join("\n",
                "port: " + port,
                "address: 127.0.0.1",
                "locations:",
                "  - type: subscriber",
                "    prefix: /subscriber/",
                ""));
        try (Launched server = launch(work, Map.of("JAVA_OPTS", "-Xmx128m"), launcher().toString(), "--config", "hbpushd-it.yml")) {
            awaitListening(server, port);
            for (int request = 0; request < 3; request++) {
                assertThat(exchange(port, "GET /subscriber/c HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"))
                        .startsWith("HTTP/1.1 400 ")
                        .contains("Duplicate Host");
            }
            server.process().destroy();
            assertThat(server.awaitExit(STOP_TIMEOUT)).as("exit status after SIGTERM").isZero();
            assertThat(server.output()).contains("hbpushd stopped").doesNotContain("HttpParser").doesNotContain("`Host`");
        }
    }

    /** Writes {@code request} on a connection of its own and reads the answer until the server closes it. */
    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int) ANSWER_TIMEOUT.toMillis());
            socket.setSoTimeout((int) ANSWER_TIMEOUT.toMillis());
            socket.getOutputStream().write(request.getBytes(UTF_8));
            return new String(socket.getInputStream().readAllBytes(), UTF_8);
        }
    }

    private void publishToALongPollAndStop(Path launcher, Path work) throws Exception {
        int port = freePort();
        Files.writeString(work.resolve("hbpushd-it.yml"), String.join("\n",
                "port: " + port,
                "address: 127.0.0.1",
                "store:",
                "  type: memory",
                "locations:",
                "  - type: subscriber",
                "    prefix: /subscriber/",
                "  - type: publisher",
                "    prefix: /publisher/",
                "  - type: metrics",
                "    prefix: /metrics",
                "    allow: [127.0.0.1/8]",
                ""));

        try (Launched server = launch(work, Map.of("JAVA_OPTS", "-Xmx128m"), launcher.toString(), "--config", "hbpushd-it.yml")) {
            awaitListening(server, port);
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(ANSWER_TIMEOUT)
                    .build();
            URI publisher = URI.create(format("http://127.0.0.1:%d/publisher/it-channel", port));
            URI subscriber = URI.create(format("http://127.0.0.1:%d/subscriber/it-channel", port));

            HttpResponse<String> created = client.send(request(publisher).PUT(BodyPublishers.noBody()).build(), BodyHandlers.ofString());
            assertThat(created.statusCode()).as("PUT /publisher/it-channel").isEqualTo(200);

            CompletableFuture<HttpResponse<String>> firstPoll = client.sendAsync(request(subscriber).GET().build(), BodyHandlers.ofString());
            awaitOneWaitingSubscriber(client, publisher, firstPoll);
            HttpResponse<String> posted = client.send(
                    request(publisher).header("Content-Type", "text/plain").POST(BodyPublishers.ofString("hello")).build(),
                    BodyHandlers.ofString());
            assertThat(posted.statusCode()).as("POST while a long poll waits is 201 Created").isEqualTo(201);

            HttpResponse<String> delivered = firstPoll.get(ANSWER_TIMEOUT.toMillis(), MILLISECONDS);
            assertThat(delivered.statusCode()).as("the long poll's answer").isEqualTo(200);
            assertThat(delivered.body()).isEqualTo("hello");
            assertThat(delivered.headers().firstValue("Content-Type")).hasValue("text/plain");
            assertThat(delivered.headers().firstValue("Etag")).hasValue("0");
            String lastModified = delivered.headers().firstValue("Last-Modified").orElseThrow(() -> new AssertionError("no Last-Modified"));

            CompletableFuture<HttpResponse<String>> heldPoll = client.sendAsync(request(subscriber)
                    .header("If-None-Match", "0")
                    .header("If-Modified-Since", lastModified)
                    .GET().build(), BodyHandlers.ofString());
            awaitOneWaitingSubscriber(client, publisher, heldPoll);

            // The metrics libraries ship in lib/: a scrape shows the held poll and the JVM.
            HttpResponse<String> metrics = client.send(request(URI.create(format("http://127.0.0.1:%d/metrics", port))).GET().build(),
                    BodyHandlers.ofString());
            assertThat(metrics.statusCode()).as("GET /metrics").isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(metrics.body()).contains("\nhbpush_waiting_subscribers{store=\"default\",store_type=\"memory\"} 1.0\n");
            assertThat(metrics.body()).contains("\njvm_memory_used_bytes{");

            server.process().destroy(); // SIGTERM on Linux
            Instant terminated = Instant.now();
            HttpResponse<String> interrupted = heldPoll.get(STOP_TIMEOUT.toMillis(), MILLISECONDS);
            assertThat(interrupted.statusCode()).as("a long poll held at shutdown gets a complete answer").isEqualTo(503);
            assertThat(server.process().waitFor(STOP_TIMEOUT.minus(Duration.between(terminated, Instant.now())).toMillis(), MILLISECONDS))
                    .as("hbpushd exits within %s of SIGTERM", STOP_TIMEOUT)
                    .isTrue();
            assertThat(server.process().exitValue()).as("exit status after SIGTERM").isZero();
        }
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
    }

    /** Polls the channel information until it shows the long poll parked, so that the next step races nothing. */
    private static void awaitOneWaitingSubscriber(HttpClient client, URI publisher, CompletableFuture<HttpResponse<String>> poll)
            throws Exception {
        Instant deadline = Instant.now().plus(ANSWER_TIMEOUT);
        String information = "";
        while (Instant.now().isBefore(deadline)) {
            if (poll.isDone()) {
                HttpResponse<String> early = poll.join();
                fail("the long poll was answered before anything was posted: %d %s", early.statusCode(), early.body());
            }
            HttpResponse<String> response = client.send(request(publisher).header("Accept", "text/plain").GET().build(), BodyHandlers.ofString());
            information = response.body();
            if (response.statusCode() == 200 && ONE_WAITING_SUBSCRIBER.matcher(information).find()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("GET %s never showed 1 waiting subscriber within %s; last answer:%n%s", publisher, ANSWER_TIMEOUT, information);
    }

    private static void awaitListening(Launched server, int port) throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!server.process().isAlive()) {
                fail("hbpushd exited with status %d before listening on port %d", server.process().exitValue(), port);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        fail("hbpushd did not listen on port %d within %s", port, START_TIMEOUT);
    }

    /**
     * Starts {@code command} with standard output and error going to one file. The environment is this one with
     * JAVA_HOME set to the Java running the test and no JAVA_OPTS, then {@code environment} on top: an empty value
     * removes the variable.
     */
    private Launched launch(Path workingDirectory, Map<String, String> environment, String... command) throws IOException {
        Path output = temp.resolve(format("process-%d.out", launched.size() + 1));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        builder.environment().values().removeIf(String::isEmpty);
        Launched process = new Launched(String.join(" ", command), builder.start(), output);
        launched.add(process);
        return process;
    }

    private static Path launcher() {
        return home.resolve("bin/hbpushd");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> fileNames(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static Optional<Path> onPathIfAny(String tool) {
        return Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                .map(directory -> Path.of(directory, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static Path onPath(String tool) {
        return Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                .map(directory -> Path.of(directory, tool))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError(tool + " is not on PATH"));
    }

    private static String requiredProperty(String name) {
        return requireNonNull(System.getProperty(name), () -> name + " is not set; run through `mvn verify`");
    }

    /** A process started by the test; closing it kills whatever is left of it. */
    private record Launched(String command, Process process, Path outputFile) implements AutoCloseable {

        int awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toSeconds(), SECONDS)) {
                fail("%s did not exit within %s", command, timeout);
            }
            return process.exitValue();
        }

        String output() throws IOException {
            return Files.readString(outputFile, UTF_8);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
