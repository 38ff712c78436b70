package org.hbpush.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The kernel's ceiling on an accept queue ({@code net.core.somaxconn} on Linux): a listener that asks
 * for a longer {@code listen_backlog} silently gets the ceiling, so the operator is told at start.
 */
final class AcceptQueueCeiling {
    /** Where Linux shows the ceiling; elsewhere there is no such file and nothing is said. */
    static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

    private AcceptQueueCeiling() {
    }

    /** A warning when {@code listenBacklog} is above the ceiling read from {@code somaxconn}; empty when within it or unknown. */
    static Optional<String> warning(int listenBacklog, Path somaxconn) {
        Optional<Integer> ceiling = ceiling(somaxconn);
        if (ceiling.isEmpty() || listenBacklog <= ceiling.get()) {
            return Optional.empty();
        }
        return Optional.of("listen_backlog " + listenBacklog + " is above the kernel's net.core.somaxconn (" + ceiling.get()
                + "): each listener's accept queue holds " + ceiling.get() + " connections; raise net.core.somaxconn "
                + "(sysctl -w net.core.somaxconn=" + listenBacklog + ", and in /etc/sysctl.d to keep it) for more");
    }

    /** The ceiling read from {@code somaxconn}; empty when the file is absent or unreadable. */
    static Optional<Integer> ceiling(Path somaxconn) {
        // read by lines: /proc files show a size of 0, which trips whole-file reads
        try (BufferedReader reader = Files.newBufferedReader(somaxconn)) {
            String line = reader.readLine();
            return line == null ? Optional.empty() : Optional.of(Integer.parseInt(line.trim()));
        }
        catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
