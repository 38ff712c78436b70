package org.hbpush.server.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import org.hbpush.api.ChannelId;
import org.hbpush.api.StoreProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginClassLoaderTest {
    private static final ClassLoader SERVER_CLASS_LOADER = StoreProvider.class.getClassLoader();

    @TempDir
    static Path compiled;

    static TestPlugins testPlugins;

    @TempDir
    Path pluginDirectory;

    PluginClassLoader loader;

    @BeforeAll
    static void compilePlugins() {
        testPlugins = TestPlugins.compile(compiled);
    }

    @BeforeEach
    void createLoader() throws IOException {
        Path providerJar = testPlugins.fixtureJar("acme").writeTo(pluginDirectory.resolve("acme.jar"));
        Path libraryJar = testPlugins.library(1).writeTo(pluginDirectory.resolve("library.jar"));
        Path impostorJar;
        try (InputStream spiClass = StoreProvider.class.getResourceAsStream("StoreProvider.class")) {
            // A plugin that wrongly bundles the SPI must still get the server's classes.
            impostorJar = new TestJar()
                    .entry("org/hbpush/api/StoreProvider.class", spiClass.readAllBytes())
                    .text("org/hbpush/api/README.txt", "a plugin's own copy of the SPI")
                    .writeTo(pluginDirectory.resolve("impostor.jar"));
        }
        loader = new PluginClassLoader(pluginDirectory, List.of(providerJar.toUri().toURL(), libraryJar.toUri().toURL(), impostorJar.toUri().toURL()), SERVER_CLASS_LOADER);
    }

    @AfterEach
    void closeLoader() throws IOException {
        loader.close();
    }

    @Test
    void spiAndLoggingApiAreTheServersVeryClasses() throws Exception {
        assertThat(loader.loadClass("org.hbpush.api.StoreProvider")).isSameAs(StoreProvider.class);
        assertThat(loader.loadClass("org.hbpush.api.ChannelId")).isSameAs(ChannelId.class);
        assertThat(loader.loadClass("org.slf4j.LoggerFactory")).isSameAs(LoggerFactory.class);
        assertThat(Class.forName("org.slf4j.Logger", false, loader)).isSameAs(Logger.class);
        assertThat(StoreProvider.class.isAssignableFrom(loader.loadClass(TestPlugins.FIXTURE_PROVIDER)))
                .as("a plugin's provider implements the server's SPI")
                .isTrue();
    }

    @Test
    void serverClassesAreInvisible() {
        for (String serverClass : List.of(
                PluginLoader.class.getName(),
                "com.fasterxml.jackson.databind.ObjectMapper",
                "org.eclipse.jetty.server.Server",
                "ch.qos.logback.classic.Logger",
                "org.junit.jupiter.api.Test")) {
            assertThatThrownBy(() -> loader.loadClass(serverClass))
                    .as(serverClass)
                    .isInstanceOf(ClassNotFoundException.class);
            assertThat(loader.getResource(serverClass.replace('.', '/') + ".class")).as(serverClass).isNull();
        }
    }

    @Test
    void jdkClassesComeFromTheJdk() throws Exception {
        assertThat(loader.loadClass("java.lang.String")).isSameAs(String.class);
        assertThat(loader.loadClass("java.sql.Connection")).isSameAs(java.sql.Connection.class);
    }

    @Test
    void pluginClassesAreDefinedByThePluginLoader() throws Exception {
        Class<?> greeting = loader.loadClass("com.example.shared.Greeting");

        assertThat(greeting.getClassLoader()).isSameAs(loader);
        assertThat(loader.loadClass("com.example.shared.Greeting")).isSameAs(greeting);
        assertThat(greeting.getMethod("text").invoke(null)).isEqualTo("hello from library 1.0");
        assertThatThrownBy(() -> SERVER_CLASS_LOADER.loadClass("com.example.shared.Greeting"))
                .as("the server does not see plugin classes")
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void servicesFilesComeOnlyFromThePlugin() throws Exception {
        List<URL> services = Collections.list(loader.getResources(TestJar.SERVICES_FILE));

        assertThat(services).singleElement().asString().endsWith(pluginDirectory.resolve("acme.jar") + "!/" + TestJar.SERVICES_FILE);
    }

    @Test
    void resourcesComeFromThePluginExceptTheSpis() throws Exception {
        List<URL> manifests = Collections.list(loader.getResources("META-INF/MANIFEST.MF"));
        List<URL> serverManifests = Collections.list(SERVER_CLASS_LOADER.getResources("META-INF/MANIFEST.MF"));

        assertThat(manifests).isNotEmpty().allSatisfy(url -> assertThat(url.toString()).contains(pluginDirectory + "/"));
        assertThat(serverManifests).as("the server's jars have manifests the plugin must not see").isNotEmpty()
                .noneSatisfy(url -> assertThat(url.toString()).contains(pluginDirectory.toString()));
        assertThat(loader.getResource("org/hbpush/api/StoreProvider.class")).isEqualTo(StoreProvider.class.getResource("StoreProvider.class"));
        assertThat(loader.getResource("org/hbpush/api/README.txt")).as("the SPI's resources are the server's").isNull();
        assertThat(loader.getResource("fixture-type.txt")).isNotNull();
    }

    @Test
    void namesItsDirectory() {
        assertThat(loader.toString()).isEqualTo("PluginClassLoader[" + pluginDirectory + "]");
        assertThat(loader.pluginDirectory()).isEqualTo(pluginDirectory);
        assertThat(loader.getName()).isEqualTo(pluginDirectory.getFileName().toString());
    }

    @Test
    void isParallelCapable() {
        assertThat(loader.isRegisteredAsParallelCapable()).isTrue();
    }
}
