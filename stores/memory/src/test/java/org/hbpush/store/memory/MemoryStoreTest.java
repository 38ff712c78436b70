package org.hbpush.store.memory;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.hbpush.api.PostedMessage;
import org.hbpush.api.PostOptions;
import org.hbpush.api.ChannelId;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostResult;
import org.hbpush.api.Retention;
import org.hbpush.api.StoreListener;
import org.hbpush.api.StoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** What the contract suite does not reach: closing, failing listeners, posts racing deletes. */
class MemoryStoreTest {
    private final MemoryStore store = new MemoryStore(Clock.systemUTC(), LoggerFactory.getLogger("hbpush.store.memory-test"));
    private final ChannelId channel = ChannelId.of("memory");

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void stagesAreCompleteWhenReturned() {
        assertThat(store.createChannel(channel).toCompletableFuture()).isCompleted();
        assertThat(store.post(channel, "text/plain", ByteBuffer.allocate(0), PostOptions.DEFAULT).toCompletableFuture()).isCompleted();
    }

    @Test
    void theAnswersEveryHeldPollGetsComeInSharedStagesAndOthersInTheirOwn() {
        ChannelId other = ChannelId.of("memory-other");
        store.createChannel(channel);
        store.createChannel(other);

        CompletableFuture<Optional<MessageLookup>> nothingNewer = store.firstMessageAfter(channel, MessageId.BEFORE_ALL).toCompletableFuture();
        assertThat(nothingNewer).isCompletedWithValue(Optional.of(MessageLookup.nothingNewer()));
        assertThat(store.firstMessageAfter(other, MessageId.BEFORE_ALL)).isSameAs(nothingNewer);
        CompletableFuture<Void> counted = store.addWaitingSubscribers(channel, 1).toCompletableFuture();
        assertThat(counted).isCompletedWithValue(null);
        assertThat(store.addWaitingSubscribers(channel, -1)).isSameAs(counted);

        Message posted = store.post(channel, "text/plain", ByteBuffer.wrap(new byte[] {7}), PostOptions.DEFAULT)
                .toCompletableFuture().join().orElseThrow().message();
        assertThat(store.firstMessageAfter(channel, MessageId.BEFORE_ALL).toCompletableFuture())
                .isCompletedWithValue(Optional.of(MessageLookup.found(posted)));
        assertThat(store.firstMessageAfter(channel, posted.id())).isSameAs(nothingNewer);
        assertThat(store.firstMessageAfter(ChannelId.of("memory-unknown"), MessageId.BEFORE_ALL).toCompletableFuture())
                .isCompletedWithValue(Optional.empty());
        assertThat(store.channelInfo(channel).toCompletableFuture().join().orElseThrow().waitingSubscribers())
                .as("the shared stage hides no count").isZero();
    }

    @Test
    void countsItsChannelsAndTheMessagesTheyKeep() {
        PostOptions keepTwo = new PostOptions(true, new Retention(2, Duration.ZERO, true));
        ChannelId other = ChannelId.of("memory-other");
        for (int posted = 0; posted < 3; posted++) {
            store.post(channel, "text/plain", ByteBuffer.allocate(1), keepTwo);
        }
        store.post(other, "text/plain", ByteBuffer.allocate(1), keepTwo);
        store.createChannel(ChannelId.of("memory-empty"));

        assertThat(store.channelCount()).as("every channel counts, the empty one too").hasValue(3);
        assertThat(store.storedMessageCount()).as("the oldest of three went by retention").hasValue(3);

        store.deleteChannel(channel);

        assertThat(store.channelCount()).hasValue(2);
        assertThat(store.storedMessageCount()).as("a deleted channel's messages are gone").hasValue(1);
    }

    @Test
    void aClosedStoreAnswersUnavailable() {
        store.post(channel, "text/plain", ByteBuffer.allocate(0), PostOptions.DEFAULT);

        store.close();

        assertThat(store.channelInfo(channel).toCompletableFuture())
                .failsWithin(Duration.ZERO)
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(StoreUnavailableException.class)
                .withMessage("the memory store is closed");
    }

    @Test
    void aFailingListenerNeitherFailsThePostNorSilencesTheOthers() {
        List<MessageId> heard = new ArrayList<>();
        store.listen(new StoreListener() {
            @Override
            public void messagePosted(ChannelId channel, PostedMessage posted) {
                throw new IllegalStateException("a broken listener (expected in this test)");
            }

            @Override
            public void channelDeleted(ChannelId channel) {
                throw new IllegalStateException("a broken listener (expected in this test)");
            }
        });
        store.listen(new StoreListener() {
            @Override
            public void messagePosted(ChannelId channel, PostedMessage posted) {
                heard.add(posted.id());
            }

            @Override
            public void channelDeleted(ChannelId channel) {
            }
        });

        PostResult posted = store.post(channel, "text/plain", ByteBuffer.allocate(0), PostOptions.DEFAULT).toCompletableFuture().join().orElseThrow();

        assertThat(heard).containsExactly(posted.message().id());
        assertThat(store.deleteChannel(channel).toCompletableFuture()).isCompleted();
    }

    @Test
    void postsRacingDeletesEndInOneLiveChannel() throws Exception {
        // Whatever the interleaving, the channel left (if any) is whole: its information counts
        // exactly the messages a walk finds, so no post appended to a channel after it was dropped.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<?>> calls = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                boolean delete = i % 10 == 9;
                calls.add(CompletableFuture.runAsync(() -> {
                    awaitLatch(start);
                    if (delete) {
                        store.deleteChannel(channel).toCompletableFuture().join();
                    }
                    else {
                        store.post(channel, "text/plain", ByteBuffer.allocate(0), PostOptions.DEFAULT).toCompletableFuture().join();
                    }
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        }
        finally {
            pool.shutdownNow();
        }

        long stored = store.channelInfo(channel).toCompletableFuture().join().map(info -> info.storedMessages()).orElse(0L);
        List<Message> walked = new ArrayList<>();
        MessageId after = MessageId.BEFORE_ALL;
        for (MessageLookup lookup = lookup(after); lookup != null && lookup.message().isPresent(); lookup = lookup(after)) {
            walked.add(lookup.message().orElseThrow());
            after = lookup.message().orElseThrow().id();
        }
        assertThat(walked).hasSize((int) stored);
    }

    private MessageLookup lookup(MessageId after) {
        return store.firstMessageAfter(channel, after).toCompletableFuture().join().orElse(null);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
