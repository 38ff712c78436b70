package org.hbpush.server.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/** Builds a jar file for a test: classes from a compiler's output, services files, a manifest. */
final class TestJar {
    static final String SERVICES_FILE = "META-INF/services/org.hbpush.api.StoreProvider";

    private final Map<String, byte[]> entries = new TreeMap<>();
    private Optional<Manifest> manifest = Optional.empty();

    /** A manifest as maven-jar-plugin writes it. */
    TestJar manifest(String title, String version) {
        Manifest written = new Manifest();
        written.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        written.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_TITLE, requireNonNull(title, "title is null"));
        written.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, requireNonNull(version, "version is null"));
        manifest = Optional.of(written);
        return this;
    }

    /** Every file under {@code folder} of a compiler's output directory ({@code com/example/shared}). */
    TestJar classes(Path classesDirectory, String folder) {
        Path root = classesDirectory.resolve(folder);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                entries.put(classesDirectory.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** {@code META-INF/services/org.hbpush.api.StoreProvider} naming these classes. */
    TestJar providers(String... classNames) {
        return text(SERVICES_FILE, String.join("\n", List.of(classNames)) + "\n");
    }

    TestJar text(String name, String content) {
        return entry(name, content.getBytes(StandardCharsets.UTF_8));
    }

    TestJar entry(String name, byte[] content) {
        entries.put(name, content.clone());
        return this;
    }

    Path writeTo(Path jar) {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = manifest.isPresent() ? new JarOutputStream(file, manifest.get()) : new JarOutputStream(file)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }
}
