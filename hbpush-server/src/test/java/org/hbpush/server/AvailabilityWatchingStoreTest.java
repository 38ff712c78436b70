package org.hbpush.server;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostOptions;
import org.hbpush.api.PostResult;
import org.hbpush.api.Registration;
import org.hbpush.api.Store;
import org.hbpush.api.StoreListener;
import org.hbpush.api.StoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class AvailabilityWatchingStoreTest {
    private static final ChannelId CHANNEL = ChannelId.of("watched");
    private static final String DOWN = "WARN store cache (acme-kv) is down: backend unreachable";
    private static final String BACK_UP = "INFO store cache (acme-kv) is back up";

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final AnsweringStore backend = new AnsweringStore();
    private final AvailabilityWatchingStore store = new AvailabilityWatchingStore(backend, new StoreAvailability("cache", "acme-kv"));
    private Logger logger;

    @BeforeEach
    void capture() {
        logger = (Logger) LoggerFactory.getLogger(StoreAvailability.class);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void overridesEveryStoreMethodDefaultMethodsIncluded() throws NoSuchMethodException {
        // A default method left to the interface would hide the store's own answer (its counts, its claims).
        for (Method method : Store.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            assertThat(AvailabilityWatchingStore.class.getDeclaredMethod(method.getName(), method.getParameterTypes()))
                    .as("AvailabilityWatchingStore overrides " + method.getName())
                    .isNotNull();
        }
    }

    @Test
    @DisplayName("a stage that has already succeeded is handed on as it is and counts at once")
    void alreadySucceeded() {
        goDown();
        CompletableFuture<Optional<MessageLookup>> answered = CompletableFuture.completedFuture(Optional.of(MessageLookup.nothingNewer()));

        assertThat(lookup(answered)).isSameAs(answered);
        assertThat(logged()).containsExactly(DOWN, BACK_UP);
    }

    @Test
    @DisplayName("minimal stages and stages that complete later count when they complete")
    void minimalAndLaterStages() {
        goDown();
        CompletionStage<Optional<MessageLookup>> minimal = CompletableFuture.completedStage(Optional.empty());
        CompletableFuture<Optional<MessageLookup>> later = new CompletableFuture<>();

        // Compared by hand: AssertJ would read a minimal stage through toCompletableFuture(), a copy.
        assertThat(lookup(minimal) == minimal).as("the minimal stage is handed on as it is").isTrue();
        assertThat(logged()).containsExactly(DOWN, BACK_UP);

        assertThat(lookup(later)).isSameAs(later);
        later.completeExceptionally(new StoreUnavailableException("backend unreachable"));
        assertThat(logged()).containsExactly(DOWN, BACK_UP, DOWN);
    }

    private void goDown() {
        lookup(CompletableFuture.failedFuture(new StoreUnavailableException("backend unreachable")));
        assertThat(logged()).containsExactly(DOWN);
    }

    private CompletionStage<Optional<MessageLookup>> lookup(CompletionStage<Optional<MessageLookup>> answer) {
        backend.next = answer;
        return store.firstMessageAfter(CHANNEL, MessageId.BEFORE_ALL);
    }

    private List<String> logged() {
        return lines.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList();
    }

    /** Answers each lookup with the stage the test set; nothing else is used. */
    private static final class AnsweringStore implements Store {
        CompletionStage<Optional<MessageLookup>> next;

        @Override
        public CompletionStage<Optional<MessageLookup>> firstMessageAfter(ChannelId channel, MessageId after) {
            return next;
        }

        @Override
        public CompletionStage<ChannelInfo> createChannel(ChannelId channel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Optional<ChannelInfo>> channelInfo(ChannelId channel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Optional<ChannelInfo>> deleteChannel(ChannelId channel) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Optional<PostResult>> post(ChannelId channel, String contentType, ByteBuffer body, PostOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> addWaitingSubscribers(ChannelId channel, int delta) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Registration listen(StoreListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
