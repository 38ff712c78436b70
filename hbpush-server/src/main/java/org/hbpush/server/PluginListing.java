package org.hbpush.server;

import java.io.PrintStream;

import org.hbpush.server.plugin.LoadedPlugin;
import org.hbpush.server.plugin.PluginSurvey;

/** What {@code hbpushd --list-plugins} prints: one line per plugin directory, broken ones included. */
final class PluginListing {
    private PluginListing() {
    }

    /** Prints the survey; the exit status: 0 when every plugin loaded, 1 otherwise. */
    static int print(PluginSurvey survey, PrintStream out) {
        if (survey.loaded().isEmpty() && survey.problems().isEmpty()) {
            out.println("no plugins");
            return Main.EXIT_OK;
        }
        for (LoadedPlugin plugin : survey.loaded()) {
            out.println(plugin.directory() + ": store types " + String.join(", ", plugin.types())
                    + "; " + plugin.artifact() + " " + plugin.version().orElse("(version unknown)"));
        }
        for (String problem : survey.problems()) {
            out.println("broken: " + problem);
        }
        return survey.problems().isEmpty() ? Main.EXIT_OK : Main.EXIT_CONFIGURATION;
    }
}
