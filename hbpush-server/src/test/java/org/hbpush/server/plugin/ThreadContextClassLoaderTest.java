package org.hbpush.server.plugin;

import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SuppressWarnings("try") // the resources are used for their scope
class ThreadContextClassLoaderTest {
    private final ClassLoader plugin = new URLClassLoader("plugin", new URL[0], null);
    private final ClassLoader other = new URLClassLoader("other", new URL[0], null);

    @Test
    void setsTheLoaderUntilClosed() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(plugin)) {
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(plugin);
            try (ThreadContextClassLoader nested = new ThreadContextClassLoader(other)) {
                assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(other);
            }
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(plugin);
        }

        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void restoresTheLoaderWhenTheCallThrows() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        assertThatThrownBy(() -> {
            try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(plugin)) {
                throw new IllegalStateException("plugin failed");
            }
        }).hasMessage("plugin failed");

        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void switchingWithoutAnInstanceNestsAndRestoresTheSame() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();

        ClassLoader outer = ThreadContextClassLoader.switchTo(plugin);
        try {
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(plugin);
            ClassLoader inner = ThreadContextClassLoader.switchTo(other);
            try {
                assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(other);
                throw new IllegalStateException("plugin failed");
            }
            catch (IllegalStateException expected) {
                // restored below all the same
            }
            finally {
                ThreadContextClassLoader.restore(inner);
            }
            assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(plugin);
        }
        finally {
            ThreadContextClassLoader.restore(outer);
        }

        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }
}
