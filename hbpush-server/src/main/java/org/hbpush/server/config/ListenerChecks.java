package org.hbpush.server.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What makes the listeners usable together: unique names, no two on one address and port, ports in
 * range, keystores that open; and every listener a location names exists.
 */
final class ListenerChecks {
    private static final int MAX_PORT = 65_535;
    /** Addresses that mean every interface: they clash with any address on the same port. */
    private static final Set<String> EVERY_INTERFACE = Set.of("", "0.0.0.0", "::", "[::]");

    private final ConfigurationProblems problems;

    ListenerChecks(ConfigurationProblems problems) {
        this.problems = requireNonNull(problems, "problems is null");
    }

    void check(ServerConfiguration configuration) {
        requireNonNull(configuration, "configuration is null");
        List<ListenerConfiguration> listen = configuration.listen();
        Map<String, Integer> indexByName = new LinkedHashMap<>();
        KeystoreCheck keystores = new KeystoreCheck(problems);
        for (int index = 0; index < listen.size(); index++) {
            ListenerConfiguration listener = listen.get(index);
            String path = ListenersBinder.PATH + "[" + index + "]";
            Integer first = indexByName.putIfAbsent(listener.name(), index);
            if (first != null) {
                problems.add(path + "." + ListenersBinder.NAME, Wording.quote(listener.name()) + " is already the name of listen[" + first + "]");
            }
            if (listener.port() < 0 || listener.port() > MAX_PORT) {
                problems.add(path + "." + ListenersBinder.PORT, "must be between 0 and " + MAX_PORT + ", not " + listener.port());
            }
            for (int earlier = 0; earlier < index; earlier++) {
                if (clash(listen.get(earlier), listener)) {
                    problems.add(path, listener.where() + " overlaps " + listen.get(earlier).where() + " of listen[" + earlier
                            + "]: two listeners cannot share a port on the same address");
                    break;
                }
            }
            listener.tls().ifPresent(tls -> keystores.check(tls, path + "." + ListenersBinder.TLS));
        }
        List<String> names = configuration.listeners().stream().map(ListenerConfiguration::name).distinct().toList();
        for (LocationConfiguration location : configuration.locations()) {
            checkNames(location, names);
        }
    }

    private static boolean clash(ListenerConfiguration one, ListenerConfiguration other) {
        // port 0 picks a free port each time: never the same one
        return one.port() != 0 && one.port() == other.port()
                && (one.address().equals(other.address()) || EVERY_INTERFACE.contains(one.address()) || EVERY_INTERFACE.contains(other.address()));
    }

    private void checkNames(LocationConfiguration location, List<String> names) {
        List<String> named = location.listeners();
        for (int index = 0; index < named.size(); index++) {
            String name = named.get(index);
            if (names.contains(name)) {
                continue;
            }
            String keyPath = location.keyPath(LocationsBinder.LISTENER) + (named.size() > 1 ? "[" + index + "]" : "");
            String suggestion = Suggestions.closest(name, names).map(close -> "did you mean " + Wording.quote(close) + "? ").orElse("");
            problems.add(keyPath, "no listener named " + Wording.quote(name) + " (" + suggestion + "listeners: " + Wording.list(names) + ")");
        }
    }
}
