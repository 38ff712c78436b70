package org.hbpush.bench;

import static java.lang.String.format;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A latency histogram (HdrHistogram, microsecond resolution, 3 significant digits) recorded from any
 * thread, reported in milliseconds.
 */
final class Latencies {
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Histogram histogram = new ConcurrentHistogram(HIGHEST_MICROS, 3);

    /** Records the time from {@code startNanos} (a {@link System#nanoTime()}) to now. */
    void recordSince(long startNanos) {
        long micros = Math.max(0, (System.nanoTime() - startNanos) / 1_000);
        histogram.recordValue(Math.min(micros, HIGHEST_MICROS));
    }

    long count() {
        return histogram.getTotalCount();
    }

    /** The fields {@code p50_ms p90_ms p99_ms p999_ms max_ms} of the result line. */
    void addTo(ResultLine line) {
        line.add("p50_ms", millis(histogram.getValueAtPercentile(50)))
                .add("p90_ms", millis(histogram.getValueAtPercentile(90)))
                .add("p99_ms", millis(histogram.getValueAtPercentile(99)))
                .add("p999_ms", millis(histogram.getValueAtPercentile(99.9)))
                .add("max_ms", millis(histogram.getMaxValue()));
    }

    private static String millis(long micros) {
        return format(Locale.ROOT, "%.3f", micros / 1000.0);
    }
}
