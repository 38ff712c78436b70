package org.hbpush.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * A private redis-server for one test class: on a free loopback port, with its files in a
 * temporary directory, no RDB snapshots on a timer and no append-only file. It never touches a
 * Redis the user runs.
 *
 * <p>{@link #stop()} shuts it down saving its data, and {@link #start()} starts it again on the
 * same port with that data, as an operator restarting Redis would: tests of recovery use them.
 * {@link #call} sends a command over a plain socket, so tests can look at the keys themselves
 * without a Redis client library.
 *
 * <pre>{@code
 * try (RedisServerProcess redis = RedisServerProcess.start()) {
 *     String yaml = "store:\n  type: redis\n  port: " + redis.port() + "\n";
 *     redis.call("DBSIZE");                  // a Long
 * }
 * }</pre>
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(15);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);
    private static final String HOW_TO_INSTALL = "run scripts/test-services.sh (it installs redis-server), or install redis-server yourself";

    private final Path directory;
    private final int port;
    private Process process;

    private RedisServerProcess(Path directory, int port) {
        this.directory = requireNonNull(directory, "directory is null");
        this.port = port;
    }

    /** Starts a new private redis-server; fails saying how to install it when it is missing. */
    public static RedisServerProcess start() {
        Path directory;
        try {
            directory = Files.createTempDirectory("hbpush-redis-");
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for redis-server", e);
        }
        RedisServerProcess redis = new RedisServerProcess(directory, freePort());
        redis.startAgain();
        return redis;
    }

    /** The port it listens on, on 127.0.0.1; the same after a restart. */
    public int port() {
        return port;
    }

    /** The host to connect to. */
    public String host() {
        return "127.0.0.1";
    }

    /** True while the process runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts it again after {@link #stop()}, on the same port, with the data it saved. */
    public synchronized void startAgain() {
        if (isRunning()) {
            throw new IllegalStateException("redis-server is already running on port " + port);
        }
        List<String> command = List.of(executable(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", directory.toString(), "--dbfilename", "dump.rdb",
                // Saved only when stop() asks, never on a timer: tests decide when data is kept.
                "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--protected-mode", "yes",
                "--logfile", directory.resolve("redis.log").toString());
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(directory.resolve("redis.out").toFile()).start();
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server: " + e.getMessage() + "; " + HOW_TO_INSTALL, e);
        }
        awaitAnswer();
    }

    /** Stops it as an operator would (SHUTDOWN SAVE): its data is kept for {@link #startAgain()}. */
    public synchronized void stop() {
        if (!isRunning()) {
            return;
        }
        try {
            call("SHUTDOWN", "SAVE");
        }
        catch (UncheckedIOException e) {
            // The server closes the connection as it goes: that is the expected answer.
        }
        awaitExit();
    }

    /** Kills it without saving, as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /** Stops it and deletes its files. */
    @Override
    public synchronized void close() {
        kill();
        deleteTree(directory);
    }

    /**
     * Sends one command and returns its reply: a String for a status, a Long for an integer, a
     * byte[] for a bulk string, a List for an array, null for a nil. An error reply raises
     * {@link IllegalStateException} with Redis's message.
     */
    public Object call(String... arguments) {
        byte[][] raw = new byte[arguments.length][];
        for (int i = 0; i < arguments.length; i++) {
            raw[i] = arguments[i].getBytes(StandardCharsets.UTF_8);
        }
        return call(raw);
    }

    /** {@link #call(String...)} with binary arguments. */
    public Object call(byte[]... arguments) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) SOCKET_TIMEOUT.toMillis());
            OutputStream output = socket.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (byte[] argument : arguments) {
                request.writeBytes(("$" + argument.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.writeBytes(argument);
                request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            output.write(request.toByteArray());
            output.flush();
            return readReply(new BufferedInputStream(socket.getInputStream()));
        }
        catch (IOException e) {
            throw new UncheckedIOException("redis-server on port " + port + " did not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return format("RedisServerProcess[127.0.0.1:%s, %s]", port, directory);
    }

    private void awaitAnswer() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(format("redis-server exited at startup with status %s: %s",
                        process.exitValue(), lastLines(directory.resolve("redis.log"))));
            }
            try {
                if ("PONG".equals(call("PING"))) {
                    return;
                }
            }
            catch (UncheckedIOException | IllegalStateException e) {
                // Not listening yet, or still loading its data.
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-server did not answer PING within " + STARTUP + " on port " + port);
            }
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for redis-server", e);
            }
        }
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STARTUP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object readReply(InputStream input) throws IOException {
        int type = input.read();
        String line = readLine(input);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IllegalStateException(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bulk = input.readNBytes(length);
                readLine(input);
                return bulk;
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(readReply(input));
                }
                return items;
            }
            case -1:
                throw new IOException("connection closed");
            default:
                throw new IOException("unexpected reply type " + (char) type);
        }
    }

    private static String readLine(InputStream input) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int next = input.read();
            if (next < 0) {
                throw new IOException("connection closed");
            }
            if (previous == '\r' && next == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(next);
            previous = next;
        }
    }

    private static String executable() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        for (String known : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server", "/opt/homebrew/bin/redis-server")) {
            if (Files.isExecutable(Path.of(known))) {
                return known;
            }
        }
        throw new IllegalStateException("redis-server is not installed (not on the PATH): " + HOW_TO_INSTALL);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for redis-server", e);
        }
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        }
        catch (IOException e) {
            return "(no log)";
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        catch (IOException e) {
            // A leftover temporary directory is not worth failing a test for.
        }
    }
}
