package org.hbpush.server.plugin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.hbpush.api.StoreProvider;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The plugins of the tests, built like real ones: the sources under
 * {@code src/test/resources/plugin/sources} are compiled against hbpush-api once per test class,
 * then packed into jars in plugin directories.
 */
final class TestPlugins {
    static final String FIXTURE_PROVIDER = "com.example.fixture.FixtureStoreProvider";
    static final String TWIN_PROVIDER = "com.example.fixture.TwinStoreProvider";

    private final Path providerClasses;
    private final Path library2Classes;

    private TestPlugins(Path providerClasses, Path library2Classes) {
        this.providerClasses = requireNonNull(providerClasses, "providerClasses is null");
        this.library2Classes = requireNonNull(library2Classes, "library2Classes is null");
    }

    /** Compiles the providers (with version 1 of the library) and version 2 of the library. */
    static TestPlugins compile(Path workDirectory) {
        Path providerClasses = workDirectory.resolve("providers");
        Path library2Classes = workDirectory.resolve("library-2");
        compile(List.of(source("providers"), source("library-1")), providerClasses);
        compile(List.of(source("library-2")), library2Classes);
        return new TestPlugins(providerClasses, library2Classes);
    }

    /** The jar of the working fixture provider, offering {@code type}; it needs a library jar beside it. */
    TestJar fixtureJar(String type) {
        return new TestJar()
                .classes(providerClasses, "com/example/fixture")
                .providers(FIXTURE_PROVIDER)
                .text("fixture-type.txt", type);
    }

    /** A jar of the broken providers, naming {@code providerClassName} in its services file. */
    TestJar brokenJar(String providerClassName) {
        return new TestJar()
                .classes(providerClasses, "com/example/broken")
                .providers(providerClassName);
    }

    /** The library {@code com.example.shared.Greeting}, version 1 or 2. */
    TestJar library(int version) {
        Path classes = switch (version) {
            case 1 -> providerClasses;
            case 2 -> library2Classes;
            default -> throw new IllegalArgumentException("no library version " + version);
        };
        return new TestJar().manifest("shared-library", version + ".0").classes(classes, "com/example/shared");
    }

    /** A working plugin directory {@code name} offering {@code type}, with library version 1. */
    Path fixturePlugin(Path pluginsDirectory, String name, String type) {
        Path directory = createDirectory(pluginsDirectory.resolve(name));
        fixtureJar(type).manifest("fixture-store", "1.2.3").writeTo(directory.resolve("fixture-store.jar"));
        library(1).writeTo(directory.resolve("shared-library-1.0.jar"));
        return directory;
    }

    static Path createDirectory(Path directory) {
        try {
            return Files.createDirectories(directory);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path source(String name) {
        try {
            return Path.of(requireNonNull(TestPlugins.class.getResource("/plugin/sources/" + name), name + " sources are missing").toURI());
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void compile(List<Path> sourceRoots, Path outputDirectory) {
        JavaCompiler compiler = requireNonNull(ToolProvider.getSystemJavaCompiler(), "the tests need a JDK with javac");
        List<String> arguments = new ArrayList<>(List.of(
                "--release", "17", "-proc:none", "-nowarn",
                "-classpath", apiClassPath(),
                "-d", outputDirectory.toString()));
        for (Path root : sourceRoots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(file -> file.toString().endsWith(".java")).map(Path::toString).forEach(arguments::add);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = compiler.run(null, diagnostics, diagnostics, arguments.toArray(new String[0]));
        if (status != 0) {
            throw new IllegalStateException(format("compiling %s failed:%n%s", sourceRoots, diagnostics.toString(StandardCharsets.UTF_8)));
        }
    }

    /** Where the server found hbpush-api: its jar in the local repository, or its classes directory. */
    private static String apiClassPath() {
        try {
            return Path.of(StoreProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
