package org.hbpush.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The scenarios of hbpush-bench, named on the command line in lower case. */
enum ScenarioName {
    PUBLISH, INTERVAL, FANOUT, CHAIN, IDLE;

    String commandName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ScenarioName> fromCommandName(String name) {
        return Arrays.stream(values()).filter(value -> value.commandName().equals(name)).findFirst();
    }
}
