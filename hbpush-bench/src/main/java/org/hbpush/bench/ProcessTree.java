package org.hbpush.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A process and its descendants (nginx's master and workers, or one JVM), read from /proc. Linux only. */
final class ProcessTree {
    static final Path PROC = Path.of("/proc");

    private ProcessTree() {
    }

    /** {@code pid} first, then every process whose parent chain leads to it (from the PPid of /proc/N/stat). */
    static List<Long> of(long pid) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .forEach(name -> statFields(Long.parseLong(name)).ifPresent(fields ->
                            children.computeIfAbsent(Long.parseLong(fields[1]), key -> new ArrayList<>()).add(Long.parseLong(name))));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Long> found = new ArrayList<>(List.of(pid));
        List<Long> next = new ArrayList<>(children.getOrDefault(pid, List.of()));
        while (!next.isEmpty()) {
            long child = next.remove(next.size() - 1);
            found.add(child);
            next.addAll(children.getOrDefault(child, List.of()));
        }
        return found;
    }

    /**
     * The fields of /proc/PID/stat after the command name, from the state on: index 0 is the state,
     * 1 the parent, 11 and 12 the user and system CPU time in clock ticks. Empty when the process is gone.
     */
    static Optional<String[]> statFields(long pid) {
        try {
            // "PID (comm) STATE PPID ...": comm may hold spaces and parentheses, so read after the last ')'
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        }
        catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
