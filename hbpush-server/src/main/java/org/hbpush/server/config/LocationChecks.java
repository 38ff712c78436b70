package org.hbpush.server.config;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * What makes a location usable beyond its values being well formed: it says where channels are
 * ({@code prefix} or {@code url}), its url yields exactly one channel id, and its store exists.
 * The validator runs them; the loader runs them too when it fails anyway, so that one run reports
 * as much as it can.
 */
final class LocationChecks {
    private final ConfigurationProblems problems;

    LocationChecks(ConfigurationProblems problems) {
        this.problems = requireNonNull(problems, "problems is null");
    }

    /**
     * @param storeNames the names of the defined stores, in file order; empty when the store
     *                   section could not be read, so that its problems are not echoed here
     */
    void check(LocationConfiguration location, Optional<Set<String>> storeNames) {
        requireNonNull(location, "location is null");
        requireNonNull(storeNames, "storeNames is null");
        if (location.prefix().isEmpty() && location.url().isEmpty()) {
            problems.add(location.keyPath(), location.type().hasChannels()
                    ? "needs a prefix or a url (where the channel id is in the path)"
                    : "needs a prefix or a url (where it answers)");
        }
        location.url().ifPresent(url -> checkCaptureGroups(location, url));
        if (location.type().hasChannels()) {
            storeNames.ifPresent(names -> checkStore(location, names));
        }
    }

    private void checkCaptureGroups(LocationConfiguration location, Pattern url) {
        int groups = url.matcher("").groupCount();
        if (location.type() == LocationType.STATS || location.type() == LocationType.METRICS) {
            if (groups != 0) {
                problems.add(location.keyPath(LocationsBinder.URL), Wording.quote(url.pattern()) + " must have no capture group (a "
                        + location.type().configurationName() + " location answers one path), found " + groups);
            }
            return;
        }
        if (groups != 1) {
            problems.add(location.keyPath(LocationsBinder.URL),
                    Wording.quote(url.pattern()) + " must have exactly one capture group, found " + groups);
        }
    }

    private void checkStore(LocationConfiguration location, Set<String> storeNames) {
        if (storeNames.contains(location.store())) {
            return;
        }
        String suggestion = Suggestions.closest(location.store(), storeNames)
                .map(name -> "did you mean " + Wording.quote(name) + "? ")
                .orElse("");
        String defined = storeNames.isEmpty() ? "no store is defined" : "defined stores: " + Wording.list(storeNames);
        problems.add(location.keyPath(LocationsBinder.STORE),
                "no store named " + Wording.quote(location.store()) + " (" + suggestion + defined + ")");
    }
}
