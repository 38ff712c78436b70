package org.hbpush.store.file;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.hbpush.api.InvalidStoreOptionException;
import org.hbpush.api.Store;
import org.hbpush.api.StoreContext;
import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreOptions;
import org.hbpush.api.StoreProvider;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Store type {@code file}: each channel's messages in a file of one directory, so they outlive a
 * restart; for a single hbpushd (the directory is not shared between processes).
 *
 * <pre>{@code
 * store:
 *   type: file
 *   directory: /var/lib/hbpush/channels   # created when missing
 *   fsync: true                           # force each write to the disk (default true)
 * }</pre>
 */
public final class FileStoreProvider implements StoreProvider {
    /** The store type, as written in the configuration and as the plugin's directory name. */
    public static final String TYPE = "file";
    /** The directory that holds the channel files; relative to hbpushd's working directory. */
    public static final String DIRECTORY = "directory";
    /** Whether each write is forced to the disk before the post is answered. */
    public static final String FSYNC = "fsync";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<StoreOption> options() {
        return List.of(
                StoreOption.optional(DIRECTORY, "the directory holding one file per channel (created when missing)"),
                StoreOption.of(FSYNC, "true", "force each write to the disk before answering: survives a power cut, at the cost of speed"));
    }

    @Override
    public Store create(StoreOptions options, StoreContext context) {
        requireNonNull(options, "options is null");
        requireNonNull(context, "context is null");
        Path directory = directory(options.string(DIRECTORY));
        ChannelFiles files = new ChannelFiles(directory, options.bool(FSYNC), new JournalFormat());
        return new FileStore(files, Clock.systemUTC(), LoggerFactory.getLogger(context.loggerName()), context.scheduler());
    }

    private static Path directory(String text) {
        if (text.isBlank()) {
            throw new InvalidStoreOptionException(DIRECTORY, "must name a directory");
        }
        try {
            return Path.of(text).toAbsolutePath();
        }
        catch (InvalidPathException e) {
            throw new InvalidStoreOptionException(DIRECTORY, "is not a path: " + e.getReason());
        }
    }
}
