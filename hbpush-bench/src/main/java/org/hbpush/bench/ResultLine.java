package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one line a run prints on standard output, for scripts:
 * {@code RESULT scenario=fanout subscribers=1000 ... lost=0 ok=true}. Keys are snake_case, values
 * never contain spaces, the order is the order of {@link #add}.
 */
final class ResultLine {
    private final Map<String, String> fields = new LinkedHashMap<>();

    ResultLine(String scenario) {
        add("scenario", scenario);
    }

    ResultLine add(String key, Object value) {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        String text = value instanceof Double number ? decimal(number) : value.toString();
        if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("result values are single words: " + key + "=" + text);
        }
        fields.put(key, text);
        return this;
    }

    /** Three decimals for small numbers (seconds, milliseconds), one for rates. */
    private static String decimal(double number) {
        return String.format(Locale.ROOT, Math.abs(number) < 100 ? "%.3f" : "%.1f", number);
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder("RESULT");
        fields.forEach((key, value) -> line.append(' ').append(key).append('=').append(value));
        return line.toString();
    }
}
