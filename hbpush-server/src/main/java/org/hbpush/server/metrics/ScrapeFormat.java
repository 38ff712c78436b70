package org.hbpush.server.metrics;

import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The two text formats a scrape can answer: Prometheus' text format 0.0.4 by default, OpenMetrics
 * when the scraper's {@code Accept} asks for it (Prometheus does, with a higher q than text).
 */
public enum ScrapeFormat {
    TEXT("text/plain; version=0.0.4; charset=utf-8"),
    OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

    private final String contentType;

    ScrapeFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The Content-Type of an answer in this format. */
    public String contentType() {
        return contentType;
    }

    /** OpenMetrics when one of the {@code Accept} values names it without {@code q=0}; else text. */
    public static ScrapeFormat forAccept(List<String> acceptValues) {
        requireNonNull(acceptValues, "acceptValues is null");
        for (String value : acceptValues) {
            for (String range : value.split(",")) {
                String[] parts = range.split(";");
                if (parts[0].trim().toLowerCase(Locale.ROOT).equals("application/openmetrics-text") && !refused(parts)) {
                    return OPENMETRICS;
                }
            }
        }
        return TEXT;
    }

    private static boolean refused(String[] parameters) {
        for (int index = 1; index < parameters.length; index++) {
            String parameter = parameters[index].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2)) <= 0;
                }
                catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
