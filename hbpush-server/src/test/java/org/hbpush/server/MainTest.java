package org.hbpush.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The hbpushd command, run in-process: options, exit statuses and one-paragraph errors. */
class MainTest {
    /** The real plugin directories (memory, redis, postgresql), unpacked by the build from the plugin zips. */
    private static final Path PLUGINS = Path.of("target/test-plugins");

    @TempDir
    Path directory;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void versionAndHelpExitZero() {
        assertThat(run("--version")).isZero();
        assertThat(output()).startsWith("hbpushd ");
        assertThat(run("--help")).isZero();
        assertThat(output()).contains("usage: hbpushd [--config FILE]");
    }

    @Test
    void aBadCommandLineExitsTwoWithTheUsage() {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(errors()).startsWith("hbpushd: unknown option \"--bogus\"\nusage: hbpushd");
        assertThat(run("--port", "http")).isEqualTo(2);
        assertThat(errors()).contains("--port must be a number from 0 to 65535, not \"http\"");
        assertThat(run("--config")).isEqualTo(2);
        assertThat(errors()).contains("--config needs a value");
    }

    @Test
    void aMissingConfigurationFileExitsOneWithOneParagraph() {
        Path missing = directory.resolve("missing.yml");
        assertThat(run("--config", missing.toString())).isEqualTo(1);
        assertThat(errors()).contains(missing.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void checkValidatesTheConfigurationAndThePluginsWithoutServing() throws IOException {
        Path config = write("ok.yml", """
                port: 1
                store:
                  type: memory
                """);
        assertThat(run("--check", "--config", config.toString(), "--plugins-dir", PLUGINS.toString())).isZero();
        assertThat(output()).isEqualTo("hbpushd: " + config + " is valid\n");
    }

    @Test
    void jsonIsReadByExtensionOrWhenForced() throws IOException {
        Path json = write("server.json", "{\"port\": 9090, \"store\": {\"type\": \"memory\"}}");
        assertThat(run("--check", "--config", json.toString(), "--plugins-dir", PLUGINS.toString())).isZero();
        Path conf = write("server.conf", "{\"port\": 9090, \"store\": {\"type\": \"memory\"}}");
        assertThat(run("--check", "--format", "json", "--config", conf.toString(), "--plugins-dir", PLUGINS.toString())).isZero();
    }

    @Test
    void anUnknownStoreTypeListsTheTypesThePluginsOffer() throws IOException {
        Path config = write("acme.yml", """
                store:
                  type: acme
                """);
        assertThat(run("--check", "--config", config.toString(), "--plugins-dir", PLUGINS.toString())).isEqualTo(1);
        assertThat(errors()).isEqualTo("hbpushd: " + config + " has 1 error:\n"
                + "  * line 2, column 3: store.type: no plugin offers store type \"acme\" (the loaded plugins offer: memory, postgresql, redis)\n");
    }

    @Test
    void listPluginsPrintsEachPluginWithItsTypesAndVersion() throws IOException {
        assertThat(run("--list-plugins", "--plugins-dir", PLUGINS.toString())).isZero();
        assertThat(output()).matches(java.util.regex.Pattern.quote(PLUGINS.resolve("memory").toString())
                + ": store types memory; hbpush memory store \\S+\n(?s).*");

        Path plugins = directory.resolve("plugins");
        Files.createDirectories(plugins.resolve("empty"));
        assertThat(run("--list-plugins", "--plugins-dir", plugins.toString())).as("a broken plugin is reported").isEqualTo(1);
        assertThat(output()).isEqualTo("broken: empty: contains no .jar file\n");
    }

    @Test
    void aMissingPluginsDirectoryIsNamed() {
        Path nowhere = directory.resolve("no-plugins");
        assertThat(run("--check", "--plugins-dir", nowhere.toString())).isEqualTo(1);
        assertThat(errors()).isEqualTo("hbpushd: plugins directory " + nowhere + " does not exist\n");
    }

    @Test
    void aPortInUseIsExplained() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = write("taken.yml", "address: 127.0.0.1\nport: " + taken.getLocalPort() + "\n");
            assertThat(run("--config", config.toString(), "--plugins-dir", PLUGINS.toString())).isEqualTo(1);
            assertThat(errors()).isEqualTo("hbpushd: " + config + ": cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + ": the port is already in use by another process; stop it or choose another port with --port\n");
        }
    }

    @Test
    void servesUntilAskedToStopThenExitsZero() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path config = write("serve.yml", "address: 127.0.0.1\n");
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch signalsInstalled = new CountDownLatch(1);
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"--config", config.toString(), "--port", Integer.toString(port), "--plugins-dir", PLUGINS.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                stop, signalsInstalled::countDown));
        assertThat(signalsInstalled.await(10, TimeUnit.SECONDS)).as("the server started listening").isTrue();

        TestHttp http = new TestHttp(java.net.URI.create("http://127.0.0.1:" + port));
        assertThat(http.post("/publisher/main", "text/plain", "through Main").statusCode()).isEqualTo(202);
        assertThat(http.get("/subscriber/main").body()).isEqualTo("through Main");

        stop.countDown();
        assertThat(status.get(10, TimeUnit.SECONDS)).isZero();
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            throw new AssertionError("the server still listens after stopping");
        }
        catch (IOException expected) {
            // refused: it stopped
        }
    }

    private int run(String... arguments) {
        out.reset();
        err.reset();
        return Main.run(arguments, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(0), () -> { });
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
    }
}
