package org.hbpush.server.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.hbpush.server.config.ConfigNode.MappingNode;
import org.hbpush.server.config.ConfigNode.ScalarNode;

import static java.util.Objects.requireNonNull;

/**
 * Binds {@code store:}: either one store section (it has a {@code type}; named {@code default}) or
 * a map from store names to sections. Options are kept as text; whether the store type exists and
 * accepts them is the validator's business, once the plugins are loaded.
 */
final class StoreSectionsBinder {
    private static final String PATH = "store";

    private final ConfigurationProblems problems;
    private final NodeValues values;

    StoreSectionsBinder(ConfigurationProblems problems) {
        this.problems = requireNonNull(problems, "problems is null");
        this.values = new NodeValues(problems);
    }

    /** The stores by name, in file order; empty when any section was wrong (the problems say why). */
    Optional<Map<String, StoreConfiguration>> bind(Optional<ConfigNode> store) {
        if (store.isEmpty()) {
            return Optional.of(ConfigurationLoader.defaultStores());
        }
        if (!(store.get() instanceof MappingNode sections)) {
            problems.add(PATH, "must be a store section (with a type) or a map of named store sections, not " + store.get().describe());
            return Optional.empty();
        }
        int before = problems.count();
        Map<String, StoreConfiguration> stores = new LinkedHashMap<>();
        if (sections.entries().containsKey("type")) {
            bindSection(StoreConfiguration.DEFAULT_NAME, PATH, sections).ifPresent(section -> stores.put(section.name(), section));
        }
        else if (sections.entries().isEmpty()) {
            problems.add(PATH, "defines no store (leave it out for one memory store)");
        }
        else if (sections.entries().values().stream().noneMatch(MappingNode.class::isInstance)) {
            // all values are plain: a single store whose type was forgotten, not named stores
            problems.add(PATH, "needs a type (the store type, such as memory or redis)");
        }
        else {
            sections.entries().forEach((name, section) -> {
                String path = PATH + "." + name;
                if (section instanceof MappingNode mapping) {
                    bindSection(name, path, mapping).ifPresent(bound -> stores.put(name, bound));
                }
                else {
                    problems.add(path, "must be a store section with a type, not " + section.describe());
                }
            });
        }
        return problems.count() == before ? Optional.of(stores) : Optional.empty();
    }

    private Optional<StoreConfiguration> bindSection(String name, String path, MappingNode section) {
        int before = problems.count();
        Optional<ConfigNode> writtenType = NodeValues.written(section, "type");
        if (writtenType.isEmpty()) {
            problems.add(path, "needs a type (the store type, such as memory or redis)");
        }
        Optional<String> type = writtenType.flatMap(value -> values.nonEmptyText(value, path + ".type"));
        Map<String, String> options = new LinkedHashMap<>();
        section.entries().forEach((key, value) -> {
            if (key.equals("type")) {
                return;
            }
            String keyPath = path + "." + key;
            if (value instanceof ScalarNode scalar) {
                // an empty value (key_prefix:) means the empty text, as py-hbpush read it
                options.put(key, scalar.text());
            }
            else {
                problems.add(keyPath, "must be a single value (text, a number or true/false), not " + value.describe());
            }
        });
        if (problems.count() > before || type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StoreConfiguration(name, type.get(), options, path));
    }
}
