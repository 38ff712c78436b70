package org.hbpush.server.config;

import java.util.Collection;

import static java.lang.String.format;

/** The few phrases every configuration message shares, so they read the same everywhere. */
final class Wording {
    private Wording() {
    }

    /** {@code "text"}, with quotes, backslashes and control characters escaped so the message stays one line. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (char character : text.toCharArray()) {
            switch (character) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (character < 0x20) {
                        quoted.append(format("\\u%04x", (int) character));
                    }
                    else {
                        quoted.append(character);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    /** {@code a, b, c}. */
    static String list(Collection<String> items) {
        return String.join(", ", items);
    }
}
