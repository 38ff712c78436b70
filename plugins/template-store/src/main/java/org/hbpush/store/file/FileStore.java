package org.hbpush.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostOptions;
import org.hbpush.api.PostResult;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.Registration;
import org.hbpush.api.Retention;
import org.hbpush.api.Store;
import org.hbpush.api.StoreListener;
import org.hbpush.api.StoreListeners;
import org.hbpush.api.StoreUnavailableException;
import org.slf4j.Logger;

import static java.util.Objects.requireNonNull;

/**
 * The file store: every channel a file in one directory (see {@link ChannelFiles}), and in memory
 * too, so reads never wait for the disk. Kept across restarts; for one hbpushd process.
 *
 * <h2>Threading</h2>
 * Every change (create, post, delete) runs on the store's one I/O thread, in the order the calls
 * came, and its stage completes once the file has it. Being the only writer is what makes a post
 * atomic: reading the channel's last id, giving the next one with {@link MessageId#following},
 * writing the message and recording the id happen with no other change in between. Reads and the
 * waiting-subscriber counts answer at once from memory, on the caller's thread. Nothing here ever
 * blocks an HTTP thread on the disk.
 *
 * <pre>{@code
 * Store store = new FileStore(new ChannelFiles(Path.of("/var/lib/hbpush"), true, new JournalFormat()),
 *         Clock.systemUTC(), log, context.scheduler());
 * }</pre>
 */
public final class FileStore implements Store {
    private final ChannelFiles files;
    private final Clock clock;
    private final Logger log;
    private final StoreListeners listeners;
    private final ConcurrentMap<ChannelId, StoredChannel> channels = new ConcurrentHashMap<>();
    private final ExecutorService io;
    // Completes when the directory was read, before any change runs; fails when it cannot be read.
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private final ScheduledFuture<?> sweeper;
    private volatile boolean closed;

    /**
     * Opens the store: reads the directory on the I/O thread (calls made meanwhile wait for it)
     * and drops expired messages every second on {@code scheduler}.
     */
    FileStore(ChannelFiles files, Clock clock, Logger log, ScheduledExecutorService scheduler) {
        this.files = requireNonNull(files, "files is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.log = requireNonNull(log, "log is null");
        requireNonNull(scheduler, "scheduler is null");
        // The API's listener bookkeeping: a listener that throws is logged and skipped.
        this.listeners = new StoreListeners((listener, event, failure) -> log.warn("listener {} failed on {}", listener, event, failure));
        this.io = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "hbpush-file-store-io");
            // A store the server forgot to close must not keep the JVM alive.
            thread.setDaemon(true);
            return thread;
        });
        io.execute(this::load);
        this.sweeper = scheduler.scheduleWithFixedDelay(this::dropExpiredMessages, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<ChannelInfo> createChannel(ChannelId channel) {
        requireNonNull(channel, "channel is null");
        return change(() -> opened(channel).info(clock.millis()).orElseThrow());
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> channelInfo(ChannelId channel) {
        requireNonNull(channel, "channel is null");
        return read(() -> held(channel).flatMap(found -> found.info(clock.millis())));
    }

    @Override
    public CompletionStage<Optional<ChannelInfo>> deleteChannel(ChannelId channel) {
        requireNonNull(channel, "channel is null");
        return change(() -> {
            Optional<StoredChannel> found = held(channel);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            files.delete(channel);
            channels.remove(channel);
            ChannelInfo before = found.get().delete();
            listeners.channelDeleted(channel);
            return Optional.of(before);
        });
    }

    @Override
    public CompletionStage<Optional<PostResult>> post(ChannelId channel, String contentType, ByteBuffer body, PostOptions options) {
        requireNonNull(channel, "channel is null");
        requireNonNull(contentType, "contentType is null");
        requireNonNull(body, "body is null");
        requireNonNull(options, "options is null");
        // Copied now: the caller may reuse its buffer as soon as this method returns.
        byte[] bytes = new byte[body.remaining()];
        body.duplicate().get(bytes);
        return change(() -> {
            Optional<StoredChannel> found = options.createChannel() ? Optional.of(opened(channel)) : held(channel);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(append(found.get(), contentType, bytes, options.retention()));
        });
    }

    @Override
    public CompletionStage<Optional<MessageLookup>> firstMessageAfter(ChannelId channel, MessageId after) {
        requireNonNull(channel, "channel is null");
        requireNonNull(after, "after is null");
        return read(() -> held(channel).flatMap(found -> found.firstMessageAfter(after, clock.millis())));
    }

    @Override
    public CompletionStage<Void> addWaitingSubscribers(ChannelId channel, int delta) {
        requireNonNull(channel, "channel is null");
        return read(() -> {
            held(channel).ifPresent(found -> found.addWaitingSubscribers(delta));
            return null;
        });
    }

    /** One node: the claim is told to this store's listeners. */
    @Override
    public CompletionStage<Void> claimChannel(ChannelId channel, String claimant) {
        requireNonNull(channel, "channel is null");
        requireNonNull(claimant, "claimant is null");
        return read(() -> {
            listeners.channelClaimed(channel, claimant);
            return null;
        });
    }

    @Override
    public Registration listen(StoreListener listener) {
        return listeners.add(listener);
    }

    /** Lets the write under way finish; changes still queued fail with {@link StoreUnavailableException}. */
    @Override
    public void close() {
        closed = true;
        sweeper.cancel(false);
        io.shutdown();
        try {
            if (!io.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("the file store in {} did not finish its last write within 10 seconds", files.directory());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listeners.clear();
        channels.clear();
        log.info("file store in {} closed", files.directory());
    }

    /** Gives the message its id, writes it, then records it in memory and tells the listeners. I/O thread only. */
    private PostResult append(StoredChannel channel, String contentType, byte[] body, Retention retention) throws IOException {
        long now = clock.millis();
        MessageId previous = channel.lastId();
        MessageId id = channel.nextId(Math.floorDiv(now, 1000));
        Message message = new Message(id, contentType, ByteBuffer.wrap(body));
        JournalEntry entry;
        if (retention.storeMessages()) {
            long expiresAt = retention.expires() ? now + retention.messageTimeout().toMillis() : MessageLog.Entry.NEVER;
            entry = new JournalEntry.Kept(new MessageLog.Entry(message, expiresAt, retention.maxMessages()));
        }
        else {
            entry = new JournalEntry.Ids(id, MessageId.BEFORE_ALL);
        }
        files.append(channel.id(), entry);
        channel.apply(entry);
        compactIfWorthIt(channel);
        ChannelInfo info = channel.info(now).orElseThrow();
        listeners.messagePosted(channel.id(), new PostedMessage(id, previous, Optional.of(message), retention.storeMessages()));
        return new PostResult(message, info);
    }

    /** The channel, made (with its file) when the store has none. I/O thread only. */
    private StoredChannel opened(ChannelId channel) throws IOException {
        Optional<StoredChannel> found = held(channel);
        if (found.isPresent()) {
            return found.get();
        }
        files.create(channel);
        StoredChannel created = new StoredChannel(channel);
        channels.put(channel, created);
        return created;
    }

    private Optional<StoredChannel> held(ChannelId channel) {
        return Optional.ofNullable(channels.get(channel));
    }

    private void compactIfWorthIt(StoredChannel channel) throws IOException {
        if (channel.worthCompacting()) {
            List<JournalEntry> entries = channel.compacted();
            files.rewrite(channel.id(), entries);
            channel.compactedTo(entries.size());
        }
    }

    private void load() {
        try {
            int messages = 0;
            for (ChannelFiles.Loaded found : files.load()) {
                StoredChannel channel = new StoredChannel(found.channel());
                found.entries().forEach(channel::apply);
                if (found.torn()) {
                    // The last write was cut short: rewrite the file so the next line starts clean.
                    log.warn("file store: the last line of channel {} was cut short (a crash?) and is dropped", found.channel());
                    List<JournalEntry> entries = channel.compacted();
                    files.rewrite(found.channel(), entries);
                    channel.compactedTo(entries.size());
                }
                else {
                    compactIfWorthIt(channel);
                }
                messages += channel.info(clock.millis()).orElseThrow().storedMessages();
                channels.put(found.channel(), channel);
            }
            log.info("file store opened {}: {} channels, {} messages (jackson-databind {})",
                    files.directory(), channels.size(), messages, JournalFormat.jacksonVersion());
            loaded.complete(null);
        }
        catch (IOException | RuntimeException e) {
            log.error("file store cannot read {}: {}", files.directory(), e.toString());
            loaded.completeExceptionally(new StoreUnavailableException(
                    "the file store cannot read " + files.directory() + ": " + e.getMessage(), e));
        }
    }

    private void dropExpiredMessages() {
        long now = clock.millis();
        for (StoredChannel channel : channels.values()) {
            channel.dropExpired(now);
        }
    }

    /** Runs a change on the I/O thread, after the directory was read; disk errors become {@link StoreUnavailableException}. */
    private <T> CompletionStage<T> change(IoWork<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(closedException());
            return result;
        }
        try {
            io.execute(() -> {
                if (closed) {
                    result.completeExceptionally(closedException());
                    return;
                }
                Optional<Throwable> loadFailure = failureOf(loaded);
                if (loadFailure.isPresent()) {
                    result.completeExceptionally(loadFailure.get());
                    return;
                }
                try {
                    result.complete(work.run());
                }
                catch (IOException e) {
                    log.warn("file store: {} failed: {}", files.directory(), e.toString());
                    result.completeExceptionally(new StoreUnavailableException(
                            "the file store cannot write to " + files.directory() + ": " + e.getMessage(), e));
                }
                catch (RuntimeException e) {
                    // A bug here must still complete the stage, or a subscriber would wait forever.
                    result.completeExceptionally(e);
                }
            });
        }
        catch (RejectedExecutionException e) {
            result.completeExceptionally(closedException());
        }
        return result;
    }

    /** Answers from memory at once, or as soon as the directory was read. */
    private <T> CompletionStage<T> read(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(closedException());
            return result;
        }
        // whenComplete on loaded itself, not on a stage derived from it: the failure arrives unwrapped.
        loaded.whenComplete((ignored, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            try {
                result.complete(work.get());
            }
            catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static Optional<Throwable> failureOf(CompletableFuture<Void> future) {
        if (!future.isCompletedExceptionally()) {
            return Optional.empty();
        }
        try {
            future.join();
            return Optional.empty();
        }
        catch (RuntimeException e) {
            return Optional.of(e.getCause() != null ? e.getCause() : e);
        }
    }

    private StoreUnavailableException closedException() {
        return new StoreUnavailableException("the file store in " + files.directory() + " is closed");
    }

    /** A change that writes to the disk. */
    @FunctionalInterface
    private interface IoWork<T> {
        T run() throws IOException;
    }
}
