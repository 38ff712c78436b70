package org.hbpush.server.plugin;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a plugins directory holds: the plugins that loaded, and one line per plugin that did not
 * ({@code "redis: no provider ..."}), in directory order.
 *
 * @param loaded   the plugins that loaded
 * @param problems the plugin directory's name and what is wrong, one line each
 */
public record PluginSurvey(List<LoadedPlugin> loaded, List<String> problems) {
    public PluginSurvey {
        loaded = List.copyOf(requireNonNull(loaded, "loaded is null"));
        problems = List.copyOf(requireNonNull(problems, "problems is null"));
    }
}
