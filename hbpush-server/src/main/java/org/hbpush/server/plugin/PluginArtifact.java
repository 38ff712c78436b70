package org.hbpush.server.plugin;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The name and version of the jar a class came from, for the log line that says which plugin
 * build is running: the manifest's {@code Implementation-Title} and {@code Implementation-Version}
 * (which maven-jar-plugin writes), else what a Maven file name says ({@code acme-store-1.2.jar}).
 *
 * @param artifact the artifact's name
 * @param version  its version, when known
 */
record PluginArtifact(String artifact, Optional<String> version) {
    // artifactId-version.jar: the version starts at the first hyphen followed by a digit.
    private static final Pattern MAVEN_FILE_NAME = Pattern.compile("(.+?)-(\\d.*)");

    PluginArtifact {
        requireNonNull(artifact, "artifact is null");
        requireNonNull(version, "version is null");
    }

    /** The artifact of the jar that defined {@code type}; its class name when that jar is unknown. */
    static PluginArtifact of(Class<?> type) {
        requireNonNull(type, "type is null");
        Optional<Path> jar = jarOf(type);
        if (jar.isEmpty()) {
            return new PluginArtifact(type.getName(), Optional.empty());
        }
        PluginArtifact fromFileName = fromFileName(jar.get());
        Optional<Attributes> attributes = manifestAttributes(jar.get());
        String artifact = attributes.map(main -> main.getValue(Attributes.Name.IMPLEMENTATION_TITLE))
                .orElse(fromFileName.artifact());
        Optional<String> version = attributes.map(main -> main.getValue(Attributes.Name.IMPLEMENTATION_VERSION))
                .or(fromFileName::version);
        return new PluginArtifact(artifact, version);
    }

    private static Optional<Path> jarOf(Class<?> type) {
        CodeSource codeSource = type.getProtectionDomain().getCodeSource();
        if (codeSource == null || codeSource.getLocation() == null) {
            return Optional.empty();
        }
        URL location = codeSource.getLocation();
        try {
            return Optional.of(Path.of(location.toURI()));
        }
        catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Attributes> manifestAttributes(Path jar) {
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            return Optional.ofNullable(jarFile.getManifest()).map(Manifest::getMainAttributes);
        }
        catch (IOException e) {
            // The name is only informative: fall back to the file name rather than fail the plugin.
            return Optional.empty();
        }
    }

    private static PluginArtifact fromFileName(Path jar) {
        String fileName = String.valueOf(jar.getFileName());
        String baseName = fileName.endsWith(".jar") ? fileName.substring(0, fileName.length() - ".jar".length()) : fileName;
        Matcher matcher = MAVEN_FILE_NAME.matcher(baseName);
        if (matcher.matches()) {
            return new PluginArtifact(matcher.group(1), Optional.of(matcher.group(2)));
        }
        return new PluginArtifact(baseName, Optional.empty());
    }
}
