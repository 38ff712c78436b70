package org.hbpush.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * A private PostgreSQL cluster for one test class: {@code initdb} into a temporary directory and
 * {@code pg_ctl start} on a free loopback port, its unix socket in that directory too, so it never
 * meets a PostgreSQL the user runs. Logins are trusted on loopback, as user {@link #USER}.
 *
 * <p>It can be stopped and started again on the same port and data, to test what a store does
 * while its backend is down. PostgreSQL refuses to run as root: when the tests run as root, the
 * programs run as the {@code postgres} user (with {@code runuser}), who owns the directory.
 *
 * <pre>{@code
 * try (PostgresqlServerProcess postgresql = PostgresqlServerProcess.start()) {
 *     postgresql.createDatabase("hbpush_test");
 *     String url = postgresql.jdbcUrl("hbpush_test");
 *     ...
 *     postgresql.stop();     // down
 *     postgresql.start();    // up again, same port, same data
 * }
 * }</pre>
 *
 * The programs come from Debian's {@code postgresql} package ({@code /usr/lib/postgresql/<version>/bin});
 * {@code scripts/test-services.sh} installs it.
 */
public final class PostgresqlServerProcess implements AutoCloseable {
    /** The superuser of the private cluster. */
    public static final String USER = "hbpush";
    private static final String HOST = "127.0.0.1";
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Path binaries;
    private final Path directory;
    private final Path data;
    private final Path socketDirectory;
    private final Path logFile;
    private final int port;
    private final boolean asPostgresUser;
    private final Thread shutdownHook;
    private boolean running;

    private PostgresqlServerProcess(Path binaries, Path directory, int port, boolean asPostgresUser) {
        this.binaries = binaries;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.socketDirectory = directory.resolve("socket");
        this.logFile = directory.resolve("postgresql.log");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        // A test run that dies without closing must not leave a postmaster behind.
        this.shutdownHook = new Thread(() -> stopQuietly("immediate"), "hbpush-postgresql-test-stop");
    }

    /** Creates a new cluster and starts it; fails saying how to install PostgreSQL when its programs are missing. */
    public static PostgresqlServerProcess start() {
        Path binaries = findBinaries();
        boolean asPostgresUser = "root".equals(System.getProperty("user.name"));
        try {
            Path directory = Files.createTempDirectory("hbpush-postgresql-");
            PostgresqlServerProcess server = new PostgresqlServerProcess(binaries, directory, freePort(), asPostgresUser);
            server.initialise();
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            server.startAgain();
            return server;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot prepare a private PostgreSQL cluster", e);
        }
    }

    /** The loopback address the server listens on. */
    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** A JDBC URL of a database of this cluster. */
    public String jdbcUrl(String database) {
        return format("jdbc:postgresql://%s:%s/%s", HOST, port, requireNonNull(database, "database is null"));
    }

    /** Creates a database (plain lowercase name) owned by {@link #USER}. */
    public void createDatabase(String name) {
        requireNonNull(name, "name is null");
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        run(List.of(binaries.resolve("createdb").toString(), "-h", HOST, "-p", Integer.toString(port), "-U", USER, name));
    }

    /** Starts the stopped server again, on the same port and data. */
    public synchronized void startAgain() {
        if (running) {
            return;
        }
        String options = format("-p %s -k %s -c listen_addresses=%s -c fsync=off -c max_connections=300", port, socketDirectory, HOST);
        run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", logFile.toString(),
                "-w", "-t", Long.toString(COMMAND_TIMEOUT_SECONDS), "-o", options, "start"));
        running = true;
    }

    /** Stops the server the way an operator restarting it would (fast shutdown: sessions are ended). */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
        running = false;
    }

    public synchronized boolean isRunning() {
        return running;
    }

    /** Stops the server and deletes its directory. */
    @Override
    public synchronized void close() {
        try {
            stop();
        }
        finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
            catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook runs anyway.
            }
            deleteTree(directory);
        }
    }

    @Override
    public String toString() {
        return format("PostgreSQL on %s:%s (%s)", HOST, port, directory);
    }

    private void initialise() throws IOException {
        Files.createDirectories(socketDirectory);
        if (asPostgresUser) {
            UserPrincipal postgres = directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            for (Path path : List.of(directory, socketDirectory)) {
                Files.setOwner(path, postgres);
            }
        }
        run(List.of(binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
                "-E", "UTF8", "--no-locale", "--no-sync"));
    }

    private synchronized void stopQuietly(String mode) {
        if (!running) {
            return;
        }
        try {
            run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", mode, "-w", "stop"));
            running = false;
        }
        catch (RuntimeException e) {
            // Best effort, from a shutdown hook.
        }
    }

    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).directory(directory.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(format("%s did not finish within %ss", command.get(0), COMMAND_TIMEOUT_SECONDS));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(format("%s failed (exit %s): %s%s", String.join(" ", full), process.exitValue(),
                        new String(output, StandardCharsets.UTF_8).strip(), logTail()));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private String logTail() {
        try {
            if (!Files.exists(logFile)) {
                return "";
            }
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return "\nserver log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        }
        catch (IOException e) {
            return "";
        }
    }

    private static Path findBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
                for (Path version : versions) {
                    Path bin = version.resolve("bin");
                    if (Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"))) {
                        found.add(bin);
                    }
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
        }
        Optional<Path> newest = found.stream().max(Comparator.comparing(PostgresqlServerProcess::majorVersion));
        return newest.orElseThrow(() -> new IllegalStateException(
                "PostgreSQL's initdb and pg_ctl were not found under /usr/lib/postgresql/*/bin; "
                        + "run scripts/test-services.sh to install them (Debian's postgresql package)"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        }
        catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
