package org.hbpush.server.plugin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hbpush.api.PostedMessage;
import org.hbpush.api.PostOptions;
import org.hbpush.api.ChannelId;
import org.hbpush.api.MessageId;
import org.hbpush.api.Registration;
import org.hbpush.api.Store;
import org.hbpush.api.StoreListener;
import org.hbpush.api.StoreProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.lang.String.format;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PluginLoaderTest {
    @TempDir
    static Path compiled;

    static TestPlugins testPlugins;

    @TempDir
    Path plugins;

    @BeforeAll
    static void compilePlugins() {
        testPlugins = TestPlugins.compile(compiled);
    }

    @Nested
    @DisplayName("A working plugin")
    class WorkingPlugin {
        @Test
        @DisplayName("is loaded and offers its type")
        void loadsAndOffersItsType() throws Exception {
            Path directory = testPlugins.fixturePlugin(plugins, "acme", "acme");

            LoadedPlugins loaded = new PluginLoader().load(plugins);

            assertThat(loaded.providersByType()).containsOnlyKeys("acme");
            assertThat(loaded.providersByType().get("acme").type()).isEqualTo("acme");
            assertThat(loaded.plugins()).hasSize(1);
            LoadedPlugin plugin = loaded.plugins().get(0);
            assertThat(plugin.directory()).isEqualTo(directory);
            assertThat(plugin.name()).isEqualTo("acme");
            assertThat(plugin.types()).containsExactly("acme");
            assertThat(plugin.providers()).containsExactly(loaded.providersByType().get("acme"));
            assertThat(plugin.classLoader()).isInstanceOf(PluginClassLoader.class);
            assertThat(plugin.classLoader().toString()).contains(directory.toString());
            assertThat(loaded.pluginOfType("acme")).containsSame(plugin);
            assertThat(loaded.pluginOfType("redis")).isEmpty();
        }

        @Test
        @DisplayName("names its artifact and version from the manifest of the jar holding the provider")
        void artifactFromManifest() throws Exception {
            testPlugins.fixturePlugin(plugins, "acme", "acme");

            LoadedPlugin plugin = new PluginLoader().load(plugins).plugins().get(0);

            assertThat(plugin.artifact()).isEqualTo("fixture-store");
            assertThat(plugin.version()).contains("1.2.3");
        }

        @Test
        @DisplayName("without a manifest, names its artifact and version from the jar's file name")
        void artifactFromFileName() throws Exception {
            Path directory = TestPlugins.createDirectory(plugins.resolve("acme"));
            testPlugins.fixtureJar("acme").writeTo(directory.resolve("acme-store-2.0.1-SNAPSHOT.jar"));
            testPlugins.library(1).writeTo(directory.resolve("shared-library-1.0.jar"));
            Path other = TestPlugins.createDirectory(plugins.resolve("other"));
            testPlugins.fixtureJar("other").writeTo(other.resolve("other.jar"));
            testPlugins.library(1).writeTo(other.resolve("shared-library-1.0.jar"));

            List<LoadedPlugin> loaded = new PluginLoader().load(plugins).plugins();

            assertThat(loaded).extracting(LoadedPlugin::artifact).containsExactly("acme-store", "other");
            assertThat(loaded).extracting(LoadedPlugin::version).containsExactly(Optional.of("2.0.1-SNAPSHOT"), Optional.empty());
        }

        @Test
        @DisplayName("plugins load in the sorted order of their directories, and so are their types listed")
        void sortedOrder() throws Exception {
            testPlugins.fixturePlugin(plugins, "c", "zeta");
            testPlugins.fixturePlugin(plugins, "a", "omega");
            testPlugins.fixturePlugin(plugins, "b", "alpha");

            LoadedPlugins loaded = new PluginLoader().load(plugins);

            assertThat(loaded.plugins()).extracting(LoadedPlugin::name).containsExactly("a", "b", "c");
            assertThat(loaded.providersByType().keySet()).containsExactly("omega", "alpha", "zeta");
            assertThat(loaded.pluginOfType("zeta").map(LoadedPlugin::name)).contains("c");
        }

        @Test
        @DisplayName("a plugin may offer several types, listed in the order of its services file")
        void severalTypes() throws Exception {
            Path directory = TestPlugins.createDirectory(plugins.resolve("acme"));
            testPlugins.fixtureJar("acme")
                    .providers(TestPlugins.TWIN_PROVIDER, TestPlugins.FIXTURE_PROVIDER)
                    .text("twin-type.txt", "acme-twin")
                    .writeTo(directory.resolve("acme.jar"));
            testPlugins.library(1).writeTo(directory.resolve("shared-library-1.0.jar"));

            LoadedPlugins loaded = new PluginLoader().load(plugins);

            assertThat(loaded.providersByType().keySet()).containsExactly("acme-twin", "acme");
            assertThat(loaded.plugins()).singleElement().satisfies(plugin -> assertThat(plugin.types()).containsExactly("acme-twin", "acme"));
            assertThat(loaded.pluginOfType("acme-twin")).isEqualTo(loaded.pluginOfType("acme"));
        }

        @Test
        @DisplayName("files lying in the plugins directory are ignored; an empty directory gives no plugins")
        void filesIgnored() throws Exception {
            Files.writeString(plugins.resolve("README.txt"), "plugins go here");
            testPlugins.library(1).writeTo(plugins.resolve("stray.jar"));

            LoadedPlugins loaded = new PluginLoader().load(plugins);

            assertThat(loaded.plugins()).isEmpty();
            assertThat(loaded.providersByType()).isEmpty();
        }
    }

    @Nested
    @DisplayName("Class loading")
    class ClassLoading {
        @Test
        @DisplayName("each plugin sees its own version of a library both bundle")
        void isolation() throws Exception {
            Path one = TestPlugins.createDirectory(plugins.resolve("one"));
            testPlugins.fixtureJar("one").writeTo(one.resolve("fixture-store.jar"));
            testPlugins.library(1).writeTo(one.resolve("shared-library-1.0.jar"));
            Path two = TestPlugins.createDirectory(plugins.resolve("two"));
            testPlugins.fixtureJar("two").writeTo(two.resolve("fixture-store.jar"));
            testPlugins.library(2).writeTo(two.resolve("shared-library-2.0.jar"));

            LoadedPlugins loaded = new PluginLoader().load(plugins);
            loaded.providersByType().get("one").create(new TestStoreOptions(), new TestStoreContext(one)).close();
            loaded.providersByType().get("two").create(new TestStoreOptions(), new TestStoreContext(two)).close();

            LoadedPlugin pluginOne = loaded.pluginOfType("one").orElseThrow();
            LoadedPlugin pluginTwo = loaded.pluginOfType("two").orElseThrow();
            assertThat(observations(pluginOne)).containsEntry("greeting", "hello from library 1.0");
            assertThat(observations(pluginTwo)).containsEntry("greeting", "hello from library 2.0");
            assertThat(pluginOne.classLoader().loadClass("com.example.shared.Greeting"))
                    .isNotSameAs(pluginTwo.classLoader().loadClass("com.example.shared.Greeting"));
            assertThat(pluginOne.classLoader().loadClass(TestPlugins.FIXTURE_PROVIDER))
                    .as("the same provider class, loaded twice, is two classes")
                    .isNotSameAs(pluginTwo.classLoader().loadClass(TestPlugins.FIXTURE_PROVIDER));
        }

        @Test
        @DisplayName("a plugin's jars are searched in sorted order")
        void jarsInSortedOrder() throws Exception {
            Path directory = TestPlugins.createDirectory(plugins.resolve("acme"));
            testPlugins.fixtureJar("acme").writeTo(directory.resolve("acme.jar"));
            testPlugins.library(1).writeTo(directory.resolve("shared-b.jar"));
            testPlugins.library(2).writeTo(directory.resolve("shared-a.jar"));

            LoadedPlugins loaded = new PluginLoader().load(plugins);
            loaded.providersByType().get("acme").create(new TestStoreOptions(), new TestStoreContext(directory)).close();

            assertThat(observations(loaded.plugins().get(0))).containsEntry("greeting", "hello from library 2.0");
        }

        @Test
        @DisplayName("the provider and its stores run with the plugin's loader as context class loader")
        void contextClassLoader() throws Exception {
            Path directory = testPlugins.fixturePlugin(plugins, "acme", "acme");
            LoadedPlugins loaded = new PluginLoader().load(plugins);
            LoadedPlugin plugin = loaded.pluginOfType("acme").orElseThrow();
            StoreProvider provider = loaded.providersByType().get("acme");
            ClassLoader testContextClassLoader = Thread.currentThread().getContextClassLoader();
            ChannelId channel = ChannelId.of("news");

            assertThat(provider.options()).hasSize(1);
            Store store = provider.create(new TestStoreOptions(), new TestStoreContext(directory));
            store.createChannel(channel);
            store.channelInfo(channel);
            store.post(channel, "text/plain", ByteBuffer.wrap(new byte[] {1}), PostOptions.DEFAULT);
            store.firstMessageAfter(channel, MessageId.BEFORE_ALL);
            store.addWaitingSubscribers(channel, 1);
            store.deleteChannel(channel);
            Registration registration = store.listen(new IgnoringListener());
            registration.close();
            store.close();

            assertThat(observations(plugin))
                    .containsOnlyKeys("constructor", "options", "create", "greeting", "createChannel", "channelInfo", "post",
                            "firstMessageAfter", "addWaitingSubscribers", "deleteChannel", "listen", "registration.close", "close")
                    .allSatisfy((call, seen) -> {
                        if (!call.equals("greeting")) {
                            assertThat(seen).as("context class loader during %s", call).isSameAs(plugin.classLoader());
                        }
                    });
            assertThat(Thread.currentThread().getContextClassLoader())
                    .as("the caller's context class loader is restored")
                    .isSameAs(testContextClassLoader);
        }
    }

    @Nested
    @DisplayName("A broken plugin")
    class BrokenPlugin {
        @Test
        @DisplayName("two directories offering one type: both are named")
        void duplicateType() {
            testPlugins.fixturePlugin(plugins, "redis", "redis");
            testPlugins.fixturePlugin(plugins, "redis-copy", "redis");

            assertThat(loadFailure().getMessage()).isEqualTo(header(1)
                    + "\n  * redis-copy: store type \"redis\" is already offered by plugin redis");
        }

        @Test
        @DisplayName("a directory without jars")
        void noJar() throws IOException {
            Path directory = TestPlugins.createDirectory(plugins.resolve("acme"));
            Files.writeString(directory.resolve("README.txt"), "jars go here");
            TestPlugins.createDirectory(directory.resolve("lib"));

            assertThat(loadFailure().getMessage()).isEqualTo(header(1)
                    + "\n  * acme: contains no .jar file");
        }

        @Test
        @DisplayName("jars without a provider")
        void noProvider() {
            Path directory = TestPlugins.createDirectory(plugins.resolve("acme"));
            testPlugins.library(1).writeTo(directory.resolve("shared-library-1.0.jar"));

            assertThat(loadFailure().getMessage()).isEqualTo(header(1)
                    + "\n  * acme: no jar names a store provider in META-INF/services/org.hbpush.api.StoreProvider");
        }

        @Test
        @DisplayName("a services file naming a class that is not in the jars")
        void providerClassMissing() {
            Path directory = TestPlugins.createDirectory(plugins.resolve("acme"));
            testPlugins.brokenJar("com.example.broken.MissingStoreProvider").writeTo(directory.resolve("acme.jar"));

            assertThat(loadFailure().getMessage()).isEqualTo(header(1)
                    + "\n  * acme: store provider cannot be loaded: Provider com.example.broken.MissingStoreProvider not found");
        }

        @Test
        @DisplayName("a provider whose superclass is in a library the plugin does not bundle")
        void providerDependencyMissing() {
            Path directory = TestPlugins.createDirectory(plugins.resolve("acme"));
            testPlugins.brokenJar("com.example.broken.NeedsBaseStoreProvider").writeTo(directory.resolve("acme.jar"));

            assertThat(loadFailure().getMessage()).isEqualTo(header(1)
                    + "\n  * acme: store provider cannot be loaded: java.lang.ClassNotFoundException: com.example.base.BaseStoreProvider");
        }

        @Test
        @DisplayName("a provider whose constructor throws")
        void constructorThrows() {
            Path directory = TestPlugins.createDirectory(plugins.resolve("acme"));
            testPlugins.brokenJar("com.example.broken.ThrowingConstructorStoreProvider").writeTo(directory.resolve("acme.jar"));

            assertThat(loadFailure().getMessage()).isEqualTo(header(1)
                    + "\n  * acme: store provider cannot be created: Provider com.example.broken.ThrowingConstructorStoreProvider"
                    + " could not be instantiated: java.lang.IllegalStateException: license file missing");
        }

        @Test
        @DisplayName("a provider whose type() throws")
        void typeThrows() {
            Path directory = TestPlugins.createDirectory(plugins.resolve("acme"));
            testPlugins.brokenJar("com.example.broken.ThrowingTypeStoreProvider").writeTo(directory.resolve("acme.jar"));

            assertThat(loadFailure().getMessage()).isEqualTo(header(1)
                    + "\n  * acme: store provider com.example.broken.ThrowingTypeStoreProvider failed to tell its type:"
                    + " java.lang.IllegalStateException: type not configured");
        }

        @Test
        @DisplayName("a type that is not lowercase letters, digits and hyphens")
        void badTypeName() {
            testPlugins.fixturePlugin(plugins, "acme", "Acme_Store");

            assertThat(loadFailure().getMessage()).isEqualTo(header(1)
                    + "\n  * acme: store provider com.example.fixture.FixtureStoreProvider has the type \"Acme_Store\","
                    + " but a type is lowercase letters, digits and single hyphens (\"acme-dynamo\")");
        }

        @Test
        @DisplayName("one plugin offering a type twice")
        void typeTwiceInOnePlugin() {
            Path directory = TestPlugins.createDirectory(plugins.resolve("acme"));
            testPlugins.fixtureJar("acme").providers(TestPlugins.FIXTURE_PROVIDER, TestPlugins.TWIN_PROVIDER).writeTo(directory.resolve("acme.jar"));
            testPlugins.library(1).writeTo(directory.resolve("shared-library-1.0.jar"));

            assertThat(loadFailure().getMessage()).isEqualTo(header(1)
                    + "\n  * acme: store type \"acme\" is offered twice, by com.example.fixture.FixtureStoreProvider"
                    + " and by com.example.fixture.TwinStoreProvider");
        }

        @Test
        @DisplayName("several broken plugins are reported together, after checking the good ones too")
        void allProblemsTogether() throws IOException {
            testPlugins.fixturePlugin(plugins, "a-good", "good");
            TestPlugins.createDirectory(plugins.resolve("b-empty"));
            testPlugins.fixturePlugin(plugins, "c-clash", "good");
            testPlugins.fixturePlugin(plugins, "d-bad-type", "Bad");
            Path noProvider = TestPlugins.createDirectory(plugins.resolve("e-no-provider"));
            testPlugins.library(1).writeTo(noProvider.resolve("library.jar"));
            Path missing = TestPlugins.createDirectory(plugins.resolve("f-missing-class"));
            testPlugins.brokenJar("com.example.broken.MissingStoreProvider").writeTo(missing.resolve("f.jar"));
            Path throwing = TestPlugins.createDirectory(plugins.resolve("g-throwing"));
            testPlugins.brokenJar("com.example.broken.ThrowingConstructorStoreProvider").writeTo(throwing.resolve("g.jar"));
            testPlugins.fixturePlugin(plugins, "h-also-good", "also-good");
            Files.writeString(plugins.resolve("notes.txt"), "not a plugin");

            PluginLoadException failure = loadFailure();

            assertThat(failure.getMessage()).isEqualTo(header(6)
                    + "\n  * b-empty: contains no .jar file"
                    + "\n  * c-clash: store type \"good\" is already offered by plugin a-good"
                    + "\n  * d-bad-type: store provider com.example.fixture.FixtureStoreProvider has the type \"Bad\","
                    + " but a type is lowercase letters, digits and single hyphens (\"acme-dynamo\")"
                    + "\n  * e-no-provider: no jar names a store provider in META-INF/services/org.hbpush.api.StoreProvider"
                    + "\n  * f-missing-class: store provider cannot be loaded: Provider com.example.broken.MissingStoreProvider not found"
                    + "\n  * g-throwing: store provider cannot be created: Provider com.example.broken.ThrowingConstructorStoreProvider"
                    + " could not be instantiated: java.lang.IllegalStateException: license file missing");
            assertThat(failure.problems()).hasSize(6).allSatisfy(problem -> assertThat(problem).doesNotContain("\n"));
            assertThat(failure.pluginsDirectory()).isEqualTo(plugins);
        }
    }

    @Nested
    @DisplayName("The plugins directory")
    class PluginsDirectory {
        @Test
        @DisplayName("missing")
        void missing() {
            Path absent = plugins.resolve("absent");

            assertThatThrownBy(() -> new PluginLoader().load(absent))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessage(format("hbpushd: plugins directory %s does not exist", absent));
        }

        @Test
        @DisplayName("a file, not a directory")
        void notADirectory() throws IOException {
            Path file = Files.writeString(plugins.resolve("plugins.txt"), "");

            assertThatThrownBy(() -> new PluginLoader().load(file))
                    .isInstanceOf(PluginLoadException.class)
                    .hasMessage(format("hbpushd: plugins directory %s is not a directory", file));
        }
    }

    private PluginLoadException loadFailure() {
        PluginLoadException failure = catchThrowableOfType(PluginLoadException.class, () -> new PluginLoader().load(plugins));
        assertThat(failure).as("a PluginLoadException").isNotNull();
        return failure;
    }

    private String header(int brokenPlugins) {
        return format("hbpushd: %s could not be loaded from %s:", brokenPlugins == 1 ? "1 plugin" : brokenPlugins + " plugins", plugins);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> observations(LoadedPlugin plugin) throws ReflectiveOperationException {
        return (Map<String, Object>) plugin.classLoader().loadClass("com.example.fixture.Observations").getField("SEEN").get(null);
    }

    private static final class IgnoringListener implements StoreListener {
        @Override
        public void messagePosted(ChannelId channel, PostedMessage posted) {
        }

        @Override
        public void channelDeleted(ChannelId channel) {
        }
    }
}
