package org.hbpush.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The resident memory (VmRSS of {@code /proc/PID/status}) of a server process and all its
 * descendants: nginx's master and workers, or one JVM. Linux only.
 */
final class ProcessMemory {
    private static final Path PROC = Path.of("/proc");

    private ProcessMemory() {
    }

    /** The summed VmRSS in bytes of {@code pid} and its descendants; fails when the process is gone. */
    static long residentBytes(long pid) {
        Optional<Long> own = residentBytesOf(pid);
        if (own.isEmpty()) {
            throw new IllegalStateException("no process " + pid + " (or its /proc/" + pid + "/status has no VmRSS)");
        }
        long total = own.get();
        for (long child : descendants(pid)) {
            total += residentBytesOf(child).orElse(0L);
        }
        return total;
    }

    private static Optional<Long> residentBytesOf(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    // "VmRSS:	  123456 kB"
                    String kilobytes = line.substring("VmRSS:".length()).replace("kB", "").strip();
                    return Optional.of(Long.parseLong(kilobytes) * 1024);
                }
            }
            return Optional.empty();
        }
        catch (NoSuchFileException e) {
            return Optional.empty();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every process whose parent chain leads to {@code pid}, from the PPid lines of /proc/N/stat. */
    private static List<Long> descendants(long pid) {
        Map<Long, List<Long>> children = new HashMap<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(path -> path.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .forEach(name -> parentOf(name).ifPresent(parent ->
                            children.computeIfAbsent(parent, key -> new ArrayList<>()).add(Long.parseLong(name))));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Long> found = new ArrayList<>();
        List<Long> next = new ArrayList<>(children.getOrDefault(pid, List.of()));
        while (!next.isEmpty()) {
            long child = next.remove(next.size() - 1);
            found.add(child);
            next.addAll(children.getOrDefault(child, List.of()));
        }
        return found;
    }

    private static Optional<Long> parentOf(String pid) {
        try {
            // "PID (comm) STATE PPID ...": comm may hold spaces and parentheses, so read after the last ')'
            String stat = Files.readString(PROC.resolve(pid).resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[1]));
        }
        catch (IOException | RuntimeException e) {
            // the process ended while we listed /proc
            return Optional.empty();
        }
    }
}
