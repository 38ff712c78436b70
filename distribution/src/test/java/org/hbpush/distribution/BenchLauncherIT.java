package org.hbpush.distribution;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/hbpush-bench} in the unpacked tarball: it runs, and its jars stay out of the server's
 * class path ({@code lib/*}) in {@code lib/bench/}.
 */
class BenchLauncherIT {
    private static final Path TARBALL = Path.of(System.getProperty("hbpush.distribution.tarball"));
    private static final String HOME_DIRECTORY = "hbpush-" + System.getProperty("hbpush.version");

    @TempDir
    Path installation;

    @Test
    void theLauncherRunsTheToolFromLibBench() throws Exception {
        Path home = unpack();

        Process help = new ProcessBuilder(home.resolve("bin/hbpush-bench").toString(), "--help")
                .redirectErrorStream(true)
                .start();
        String output = new String(help.getInputStream().readAllBytes(), UTF_8);
        assertThat(help.waitFor(30, SECONDS)).isTrue();

        assertThat(help.exitValue()).as(output).isZero();
        assertThat(output).contains("Usage: hbpush-bench SCENARIO", "ulimit -n");
        assertThat(jarsIn(home.resolve("lib/bench")))
                .as("the tool speaks HTTP itself; HdrHistogram is the server's too (Micrometer's), so it is in lib/, once")
                .containsExactly("hbpush-bench-" + System.getProperty("hbpush.version") + ".jar");
        assertThat(jarsIn(home.resolve("lib")))
                .as("the server's class path keeps only the server's jars")
                .noneMatch(jar -> jar.startsWith("hbpush-bench-") || jar.startsWith("jetty-client-"))
                .anyMatch(jar -> jar.startsWith("hbpush-server-"))
                .anyMatch(jar -> jar.startsWith("HdrHistogram-"));
    }

    private Path unpack() throws Exception {
        // tar rather than a Java unpacker: it keeps the file modes the operator will get
        Process tar = new ProcessBuilder("tar", "-x", "-p", "-z", "-f", TARBALL.toString(), "-C", installation.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(tar.getInputStream().readAllBytes(), UTF_8);
        assertThat(tar.waitFor()).as("tar: %s", output).isZero();
        return installation.resolve(HOME_DIRECTORY);
    }

    private static List<String> jarsIn(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".jar")).toList();
        }
    }
}
