package org.hbpush.server.config;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import org.hbpush.server.config.ConfigNode.MappingNode;
import org.hbpush.server.config.ConfigNode.ScalarKind;
import org.hbpush.server.config.ConfigNode.ScalarNode;
import org.hbpush.server.config.ConfigNode.SequenceNode;

import static java.util.Objects.requireNonNull;

/**
 * Reads YAML or JSON into a {@link ConfigNode} tree by walking Jackson's tokens, recording where
 * each key path was written. Data binding would stop at the first problem and forget positions;
 * walking the tokens keeps both, so every later message can say "line N, column M".
 */
final class ConfigurationTreeReader {
    // built once: factories are thread-safe and costly to configure
    private static final JsonFactory YAML_FACTORY = YAMLFactory.builder().build();
    private static final JsonFactory JSON_FACTORY = JsonFactory.builder().build();

    /** Parses the content; problems are reported, never thrown. */
    ParsedDocument read(byte[] content, ConfigurationFormat format) {
        requireNonNull(content, "content is null");
        requireNonNull(format, "format is null");
        Map<String, SourcePosition> positions = new LinkedHashMap<>();
        List<ConfigurationProblem> problems = new ArrayList<>();
        Optional<MappingNode> root = Optional.empty();
        try (JsonParser parser = factory(format).createParser(content)) {
            root = readDocument(parser, format, positions, problems);
        }
        catch (JsonProcessingException e) {
            problems.add(syntaxProblem(format, e));
        }
        catch (IOException e) {
            problems.add(new ConfigurationProblem(Optional.empty(), Optional.empty(), "cannot read the file: " + e.getMessage()));
        }
        return new ParsedDocument(root, new SourcePositions(positions), problems);
    }

    private static JsonFactory factory(ConfigurationFormat format) {
        return switch (format) {
            case YAML -> YAML_FACTORY;
            case JSON -> JSON_FACTORY;
        };
    }

    private static Optional<MappingNode> readDocument(
            JsonParser parser,
            ConfigurationFormat format,
            Map<String, SourcePosition> positions,
            List<ConfigurationProblem> problems) throws IOException {
        if (parser.nextToken() == null) {
            problems.add(new ConfigurationProblem(Optional.empty(), Optional.empty(), "the file is empty: it holds no configuration"));
            return Optional.empty();
        }
        Optional<SourcePosition> rootPosition = position(parser.currentTokenLocation());
        ConfigNode root = readValue(parser, "", positions, problems);
        if (parser.nextToken() != null) {
            problems.add(new ConfigurationProblem(position(parser.currentTokenLocation()), Optional.empty(),
                    format == ConfigurationFormat.YAML
                            ? "a second YAML document starts here; the configuration is one document"
                            : "more JSON follows the configuration object"));
            return Optional.empty();
        }
        if (root instanceof MappingNode mapping) {
            return Optional.of(mapping);
        }
        if (root instanceof ScalarNode scalar && scalar.isNull()) {
            problems.add(new ConfigurationProblem(Optional.empty(), Optional.empty(), "the file is empty: it holds no configuration"));
            return Optional.empty();
        }
        problems.add(new ConfigurationProblem(rootPosition, Optional.empty(),
                "the configuration must be a map of keys (" + Wording.list(ConfigurationBinder.KEYS) + "), not " + root.describe()));
        return Optional.empty();
    }

    /** Reads the value at the current token, leaving the parser on its last token. */
    private static ConfigNode readValue(
            JsonParser parser,
            String path,
            Map<String, SourcePosition> positions,
            List<ConfigurationProblem> problems) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, ConfigNode> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    String keyPath = path.isEmpty() ? key : path + "." + key;
                    Optional<SourcePosition> keyPosition = position(parser.currentTokenLocation());
                    parser.nextToken();
                    if (entries.containsKey(key)) {
                        String first = Optional.ofNullable(positions.get(keyPath)).map(at -> " (first written at " + at + ")").orElse("");
                        problems.add(new ConfigurationProblem(keyPosition, Optional.of(keyPath), "duplicate key" + first));
                        // read past the second value without letting its keys move the first one's positions
                        readValue(parser, keyPath, new LinkedHashMap<>(), problems);
                        continue;
                    }
                    keyPosition.ifPresent(at -> positions.put(keyPath, at));
                    entries.put(key, readValue(parser, keyPath, positions, problems));
                }
                return new MappingNode(entries);
            }
            case START_ARRAY: {
                List<ConfigNode> elements = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    String elementPath = path + "[" + elements.size() + "]";
                    position(parser.currentTokenLocation()).ifPresent(at -> positions.put(elementPath, at));
                    elements.add(readValue(parser, elementPath, positions, problems));
                }
                return new SequenceNode(elements);
            }
            case VALUE_NUMBER_INT:
                return new ScalarNode(ScalarKind.WHOLE_NUMBER, parser.getText());
            case VALUE_NUMBER_FLOAT:
                return new ScalarNode(ScalarKind.DECIMAL_NUMBER, parser.getText());
            case VALUE_TRUE:
                // YAML 1.1 also spells true as yes/on; store plugins only need to understand true
                return new ScalarNode(ScalarKind.BOOLEAN, "true");
            case VALUE_FALSE:
                return new ScalarNode(ScalarKind.BOOLEAN, "false");
            case VALUE_NULL:
                return new ScalarNode(ScalarKind.NULL, "");
            default:
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    // Jackson's streaming parser hands back the alias name, not the anchored value
                    problems.add(new ConfigurationProblem(position(parser.currentTokenLocation()), Optional.of(path).filter(keyPath -> !keyPath.isEmpty()),
                            "YAML aliases (*" + parser.getText() + ") are not supported: write the value out"));
                }
                return new ScalarNode(ScalarKind.STRING, parser.getText());
        }
    }

    private static Optional<SourcePosition> position(JsonLocation location) {
        if (location == null || location.getLineNr() < 1 || location.getColumnNr() < 1) {
            return Optional.empty();
        }
        return Optional.of(new SourcePosition(location.getLineNr(), location.getColumnNr()));
    }

    /** "malformed YAML: ..." in plain words, placed where the parser stopped. */
    private static ConfigurationProblem syntaxProblem(ConfigurationFormat format, JsonProcessingException exception) {
        String malformed = "malformed " + format.name() + ": ";
        Optional<MarkedYAMLException> yaml = yamlCause(exception);
        if (yaml.isPresent()) {
            MarkedYAMLException marked = yaml.get();
            Optional<SourcePosition> at = position(marked.getProblemMark()).or(() -> position(exception.getLocation()));
            String context = "";
            if (marked.getContext() != null) {
                context = " (" + oneLine(marked.getContext())
                        + position(marked.getContextMark()).map(start -> " started at " + start).orElse("") + ")";
            }
            String problem = marked.getProblem() == null ? oneLine(exception.getOriginalMessage()) : oneLine(marked.getProblem());
            return new ConfigurationProblem(at, Optional.empty(), malformed + problem + context);
        }
        // Jackson names the input "[Source: REDACTED ...; line: 1, column: 1]"; say it as we do
        String message = oneLine(exception.getOriginalMessage())
                .replaceAll("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
        return new ConfigurationProblem(position(exception.getLocation()), Optional.empty(), malformed + lowerFirst(message));
    }

    private static Optional<MarkedYAMLException> yamlCause(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof MarkedYAMLException marked) {
                return Optional.of(marked);
            }
        }
        return Optional.empty();
    }

    private static Optional<SourcePosition> position(Mark mark) {
        // SnakeYAML counts from 0
        return mark == null ? Optional.empty() : Optional.of(new SourcePosition(mark.getLine() + 1, mark.getColumn() + 1));
    }

    private static String oneLine(String text) {
        return text == null ? "unreadable content" : text.strip().replaceAll("\\s+", " ");
    }

    private static String lowerFirst(String text) {
        if (text.length() > 1 && Character.isUpperCase(text.charAt(0)) && !Character.isUpperCase(text.charAt(1))) {
            return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
        }
        return text;
    }
}
