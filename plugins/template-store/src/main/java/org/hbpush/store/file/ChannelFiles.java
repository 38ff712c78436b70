package org.hbpush.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.hbpush.api.ChannelId;

import static java.util.Objects.requireNonNull;

/**
 * The store's directory: one file per channel, a line of JSON per {@link JournalEntry}, appended
 * to as messages come and rewritten whole (to a temporary file, then renamed over) when it holds
 * more dropped messages than kept ones. Blocking I/O: the store calls it on its own I/O thread only.
 *
 * <p>A file is named by the channel id in hex, or by its SHA-256 when that would be too long for
 * a file name; the id itself is on the file's first line, so a name never needs decoding.
 */
final class ChannelFiles {
    private static final String SUFFIX = ".jsonl";
    // Well under the 255 bytes most file systems allow in a name.
    private static final int LONGEST_HEX_NAME = 200;

    /** What a channel's file held when the store opened. */
    record Loaded(ChannelId channel, List<JournalEntry> entries, int lines, boolean torn) {
        Loaded {
            requireNonNull(channel, "channel is null");
            entries = List.copyOf(entries);
        }
    }

    private final Path directory;
    private final boolean fsync;
    private final JournalFormat format;

    /**
     * @param fsync force every write to the disk before it counts as done (slower, and survives a
     *              power cut rather than only a crash of the process)
     */
    ChannelFiles(Path directory, boolean fsync, JournalFormat format) {
        this.directory = requireNonNull(directory, "directory is null");
        this.fsync = fsync;
        this.format = requireNonNull(format, "format is null");
    }

    Path directory() {
        return directory;
    }

    /**
     * Creates the directory if needed and reads every channel file in it. A line that does not
     * parse ends its file there (a write cut short by a crash): {@link Loaded#torn()} says the file
     * needs rewriting before anything is appended to it.
     */
    List<Loaded> load() throws IOException {
        Files.createDirectories(directory);
        List<Loaded> channels = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(".tmp")) {
                    // A rewrite cut short: the file it was to replace is still whole.
                    Files.deleteIfExists(file);
                }
                else if (name.endsWith(SUFFIX)) {
                    read(file).ifPresent(channels::add);
                }
            }
        }
        return channels;
    }

    /** Starts a channel's file: its header line only. */
    void create(ChannelId channel) throws IOException {
        write(file(channel), List.of(new JournalEntry.Header(channel)),
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    void append(ChannelId channel, JournalEntry entry) throws IOException {
        write(file(channel), List.of(entry), StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** Replaces a channel's file with {@code entries} after its header, atomically. */
    void rewrite(ChannelId channel, List<JournalEntry> entries) throws IOException {
        Path file = file(channel);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        List<JournalEntry> content = new ArrayList<>();
        content.add(new JournalEntry.Header(channel));
        content.addAll(entries);
        write(temporary, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** @return false when the channel had no file */
    boolean delete(ChannelId channel) throws IOException {
        return Files.deleteIfExists(file(channel));
    }

    private Optional<Loaded> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Optional<JournalEntry> first = lines.isEmpty() ? Optional.empty() : format.entry(lines.get(0));
        if (first.isEmpty() || !(first.get() instanceof JournalEntry.Header header)) {
            // Not even a header: a create cut short. Nothing was ever answered from it.
            Files.deleteIfExists(file);
            return Optional.empty();
        }
        List<JournalEntry> entries = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            Optional<JournalEntry> entry = format.entry(line);
            if (entry.isEmpty()) {
                return Optional.of(new Loaded(header.channel(), entries, entries.size(), true));
            }
            entries.add(entry.get());
        }
        return Optional.of(new Loaded(header.channel(), entries, entries.size(), false));
    }

    private void write(Path file, List<JournalEntry> entries, OpenOption... options) throws IOException {
        StringBuilder text = new StringBuilder();
        for (JournalEntry entry : entries) {
            text.append(format.line(entry)).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        try (FileChannel channel = FileChannel.open(file, options)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (fsync) {
                channel.force(false);
            }
        }
    }

    private Path file(ChannelId channel) {
        String hex = channel.toHex();
        if (hex.length() <= LONGEST_HEX_NAME) {
            return directory.resolve(hex + SUFFIX);
        }
        // Hex names are [0-9a-f] only, so this prefix can never clash with one.
        return directory.resolve("sha256-" + sha256(channel.bytes()) + SUFFIX);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
