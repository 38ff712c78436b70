package org.hbpush.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of one scrape in the Prometheus text format, parsed line by line: a sample is a
 * name, its labels and a value. Tests ask for the value of the one sample with a name and some labels.
 */
final class PrometheusScrape {
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)( \\S+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusScrape(List<Sample> samples) {
        this.samples = List.copyOf(samples);
    }

    static PrometheusScrape parse(String body) {
        List<Sample> samples = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
        return new PrometheusScrape(samples);
    }

    /** Every sample name, in order. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        samples.forEach(sample -> names.add(sample.name()));
        return names;
    }

    /**
     * The value of the one sample named {@code name} whose labels include these pairs; 0 when there
     * is none (a counter not yet registered counts nothing).
     *
     * @param labelPairs name, value, name, value...
     */
    double value(String name, String... labelPairs) {
        List<Sample> matching = matching(name, labelPairs);
        if (matching.size() > 1) {
            throw new AssertionError(matching.size() + " samples match " + name + " " + List.of(labelPairs) + ": " + matching);
        }
        return matching.isEmpty() ? 0 : matching.get(0).value();
    }

    /** The sum of the samples named {@code name} whose labels include these pairs. */
    double sum(String name, String... labelPairs) {
        return matching(name, labelPairs).stream().mapToDouble(Sample::value).sum();
    }

    /** True when some sample named {@code name} has these labels. */
    boolean has(String name, String... labelPairs) {
        return !matching(name, labelPairs).isEmpty();
    }

    private List<Sample> matching(String name, String... labelPairs) {
        List<Sample> matching = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name().equals(name) && hasLabels(sample, labelPairs)) {
                matching.add(sample);
            }
        }
        return matching;
    }

    private static boolean hasLabels(Sample sample, String... labelPairs) {
        for (int index = 0; index + 1 < labelPairs.length; index += 2) {
            if (!labelPairs[index + 1].equals(sample.labels().get(labelPairs[index]))) {
                return false;
            }
        }
        return true;
    }
}
