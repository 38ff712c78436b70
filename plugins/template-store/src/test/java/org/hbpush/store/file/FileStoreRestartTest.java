package org.hbpush.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.hbpush.api.ChannelId;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostOptions;
import org.hbpush.api.PostResult;
import org.hbpush.api.Retention;
import org.hbpush.api.Store;
import org.hbpush.store.tck.MapStoreOptions;
import org.hbpush.store.tck.StandaloneStoreContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** What the contract suite cannot see: the files after a crash, and their size under retention. */
class FileStoreRestartTest {
    private static final ChannelId NEWS = ChannelId.of("news");

    @TempDir
    Path directory;

    @Test
    void aLineCutShortByACrashIsDroppedAndTheFileStaysUsable() throws Exception {
        List<PostResult> posted = new ArrayList<>();
        try (Opened opened = open()) {
            for (int i = 0; i < 3; i++) {
                posted.add(post(opened.store(), "message " + i, PostOptions.DEFAULT));
            }
        }
        Files.writeString(onlyFile(), "{\"id\":\"17", StandardOpenOption.APPEND);

        try (Opened opened = open()) {
            assertThat(walk(opened.store())).containsExactlyElementsOf(posted.stream().map(PostResult::message).toList());
            posted.add(post(opened.store(), "after the crash", PostOptions.DEFAULT));
            assertThat(posted.get(3).message().id()).isGreaterThan(posted.get(2).message().id());
        }
        try (Opened opened = open()) {
            assertThat(walk(opened.store())).hasSize(4).last().isEqualTo(posted.get(3).message());
        }
    }

    @Test
    void retentionKeepsTheFileSmallAndTheGapKnownAcrossARestart() throws Exception {
        PostOptions keepTwo = new PostOptions(true, new Retention(2, Duration.ZERO, true));
        List<PostResult> posted = new ArrayList<>();
        try (Opened opened = open()) {
            for (int i = 0; i < 300; i++) {
                posted.add(post(opened.store(), "message " + i, keepTwo));
            }
        }
        assertThat(Files.readAllLines(onlyFile())).as("compacted: header, ids and at most 2 * kept + 64 lines").hasSizeLessThan(80);

        try (Opened opened = open()) {
            Optional<MessageLookup> fromTheStart = await(opened.store().firstMessageAfter(NEWS, posted.get(0).message().id()));
            assertThat(fromTheStart).contains(MessageLookup.foundAfterGap(posted.get(298).message()));
            assertThat(walk(opened.store())).containsExactly(posted.get(298).message(), posted.get(299).message());
        }
    }

    private record Opened(Store store, StandaloneStoreContext context) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
            context.close();
        }
    }

    private Opened open() {
        FileStoreProvider provider = new FileStoreProvider();
        StandaloneStoreContext context = new StandaloneStoreContext("default", "hbpush.store.default");
        Map<String, String> options = Map.of(FileStoreProvider.DIRECTORY, directory.toString(), FileStoreProvider.FSYNC, "false");
        return new Opened(provider.create(new MapStoreOptions(provider, options), context), context);
    }

    private Path onlyFile() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> all = files.toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static PostResult post(Store store, String text, PostOptions options) throws Exception {
        return await(store.post(NEWS, "text/plain", ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), options)).orElseThrow();
    }

    private static List<Message> walk(Store store) throws Exception {
        List<Message> messages = new ArrayList<>();
        MessageId after = MessageId.BEFORE_ALL;
        while (true) {
            Optional<Message> next = await(store.firstMessageAfter(NEWS, after)).orElseThrow().message();
            if (next.isEmpty()) {
                return messages;
            }
            messages.add(next.get());
            after = next.get().id();
        }
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
