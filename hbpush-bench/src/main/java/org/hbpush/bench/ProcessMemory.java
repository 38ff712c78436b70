package org.hbpush.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;

/** The resident memory (VmRSS of /proc/PID/status) of a server process and all its descendants. */
final class ProcessMemory {
    private ProcessMemory() {
    }

    /** The summed VmRSS in bytes of {@code pid} and its descendants; fails when the process is gone. */
    static long residentBytes(long pid) {
        List<Long> tree = ProcessTree.of(pid);
        long total = residentBytesOf(pid).orElseThrow(() ->
                new IllegalStateException("no process " + pid + " (or its /proc/" + pid + "/status has no VmRSS)"));
        for (long descendant : tree.subList(1, tree.size())) {
            total += residentBytesOf(descendant).orElse(0L);
        }
        return total;
    }

    private static Optional<Long> residentBytesOf(long pid) {
        try {
            for (String line : Files.readAllLines(ProcessTree.PROC.resolve(Long.toString(pid)).resolve("status"))) {
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
}
