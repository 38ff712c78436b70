package org.hbpush.server.plugin;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginLoadExceptionTest {
    private final Path plugins = Path.of("/opt/hbpush/plugins");

    @Test
    void onePluginIsOneBullet() {
        PluginLoadException failure = PluginLoadException.brokenPlugins(plugins, List.of("acme: contains no .jar file"));

        assertThat(failure).hasMessage("hbpushd: 1 plugin could not be loaded from /opt/hbpush/plugins:\n  * acme: contains no .jar file");
        assertThat(failure.problems()).containsExactly("acme: contains no .jar file");
        assertThat(failure.pluginsDirectory()).isEqualTo(plugins);
    }

    @Test
    void severalPluginsAreSeveralBullets() {
        PluginLoadException failure = PluginLoadException.brokenPlugins(plugins, List.of("acme: contains no .jar file", "redis: boom"));

        assertThat(failure).hasMessage("hbpushd: 2 plugins could not be loaded from /opt/hbpush/plugins:\n"
                + "  * acme: contains no .jar file\n"
                + "  * redis: boom");
    }

    @Test
    void anUnusableDirectoryIsOneSentence() {
        PluginLoadException failure = PluginLoadException.unusableDirectory(plugins, "does not exist");

        assertThat(failure).hasMessage("hbpushd: plugins directory /opt/hbpush/plugins does not exist");
        assertThat(failure.problems()).containsExactly("plugins directory /opt/hbpush/plugins does not exist");
    }

    @Test
    void thereIsAlwaysAProblem() {
        assertThatThrownBy(() -> PluginLoadException.brokenPlugins(plugins, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
