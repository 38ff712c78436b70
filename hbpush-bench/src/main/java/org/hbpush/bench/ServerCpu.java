package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * The CPU time a server (a process and its descendants) spends during the measured part of a run,
 * from the user and system times of /proc/PID/stat. On a small machine the load tool shares the
 * cores with the server, so the throughput may be the tool's limit; CPU per operation is the
 * server's own cost, comparable between servers whatever the tool's. The tool's own CPU time over
 * the same part is reported beside it, which tells how much of the cores the tool took.
 */
final class ServerCpu {
    // Linux reports these times in USER_HZ ticks, 100 a second on every architecture it runs on
    private static final double TICKS_PER_SECOND = 100;

    private final Optional<Long> pid;
    private double startSeconds = Double.NaN;
    private double endSeconds = Double.NaN;
    private long toolStartNanos = -1;
    private long toolEndNanos = -1;

    ServerCpu(Optional<Long> pid) {
        this.pid = requireNonNull(pid, "pid is null");
    }

    /** Marks the start of the measured part. */
    void start() {
        startSeconds = cpuSeconds();
        toolStartNanos = toolCpuNanos();
    }

    /** Marks its end. */
    void stop() {
        endSeconds = cpuSeconds();
        toolEndNanos = toolCpuNanos();
    }

    /**
     * {@code server_cpu_s} and {@code server_cpu_us_per_op} over {@code operations}, when there is a
     * pid; {@code tool_cpu_us_per_op}, the tool's own, when the JVM reports it.
     */
    void addTo(ResultLine line, long operations) {
        if (toolStartNanos >= 0 && toolEndNanos >= 0 && operations > 0) {
            line.add("tool_cpu_us_per_op", (toolEndNanos - toolStartNanos) / 1e3 / operations);
        }
        if (pid.isEmpty() || Double.isNaN(startSeconds) || Double.isNaN(endSeconds)) {
            return;
        }
        double seconds = endSeconds - startSeconds;
        line.add("server_cpu_s", seconds);
        if (operations > 0) {
            line.add("server_cpu_us_per_op", seconds * 1e6 / operations);
        }
    }

    private static long toolCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private double cpuSeconds() {
        if (pid.isEmpty()) {
            return Double.NaN;
        }
        long ticks = 0;
        for (long process : ProcessTree.of(pid.get())) {
            Optional<String[]> fields = ProcessTree.statFields(process);
            if (fields.isPresent()) {
                ticks += Long.parseLong(fields.get()[11]) + Long.parseLong(fields.get()[12]);
            }
        }
        return ticks / TICKS_PER_SECOND;
    }
}
