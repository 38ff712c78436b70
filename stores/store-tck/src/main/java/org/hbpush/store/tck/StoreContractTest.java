package org.hbpush.store.tck;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.CodeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
import org.hbpush.api.StoreOption;
import org.hbpush.api.StoreProvider;
import org.hbpush.api.StoreUnavailableException;
import org.hbpush.store.tck.RecordingListener.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static java.lang.String.format;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hbpush.api.MessageId.BEFORE_ALL;

/**
 * The contract every hbpush store keeps, as JUnit 5 tests: extend it once per store and the
 * store is checked against the rules of the {@link Store} Javadoc and of the protocol.
 *
 * <pre>{@code
 * class AcmeStoreContractTest extends StoreContractTest {
 *     @Override
 *     protected StoreProvider provider() {
 *         return new AcmeStoreProvider();
 *     }
 *
 *     @Override
 *     protected Map<String, String> options() {
 *         return Map.of("host", "localhost", "port", "7000");
 *     }
 * }
 * }</pre>
 *
 * <p>Name the class {@code <Store>StoreContractTest} when it runs without outside services (Maven
 * surefire) and {@code <Store>StoreContractIT} when it needs a running backend (Maven failsafe);
 * the suite checks the name. Override {@link #capabilities()} to declare what the store promises
 * beyond the basic contract, {@link #howToStartBackend()} to tell a developer how to start the
 * backend when it is not running, and {@link #timeout()} if the backend is slow.
 *
 * <p>For each test the suite makes a fresh store with {@link StoreProvider#create}, giving it the
 * {@link #options()} through {@link MapStoreOptions} and a fresh {@link StandaloneStoreContext},
 * and closes it afterwards. A second store made on the same options stands for another hbpushd
 * node. Every test works on channels of its own, with random names that contain binary bytes, and
 * deletes them afterwards, so suites of several stores or several developers may share one backend.
 *
 * <p>The suite never sleeps: it waits for completion stages and events with {@link #timeout()}, and
 * a stage that does not complete in time fails with "every stage completes".
 */
public abstract class StoreContractTest {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final String TEXT = "text/plain";
    // A walk longer than this is taken for a store that keeps answering the same messages.
    private static final int WALK_LIMIT = 10_000;
    // How far the time of a new id may be from this machine's clock: backends have their own clocks.
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final List<OpenedStore> openedStores = new ArrayList<>();
    private final Set<ChannelId> usedChannels = new LinkedHashSet<>();
    private StoreProvider provider;
    private Store store;

    /** The provider of the store under test; called once per test. */
    protected abstract StoreProvider provider();

    /**
     * The store's options as they would be written in YAML, values as text. Declared defaults
     * fill absent keys; a key the provider does not declare fails every test.
     */
    protected abstract Map<String, String> options();

    /** What the store promises beyond the basic contract; none unless overridden. */
    protected Set<StoreCapability> capabilities() {
        return Set.of();
    }

    /**
     * One or two sentences telling a developer how to start the store's backend, shown when the
     * store reports {@link StoreUnavailableException} or does not answer. For example:
     * {@code "Start Redis with: docker run --rm -p 6379:6379 redis:7"}.
     */
    protected String howToStartBackend() {
        return "Start the store's backend before running the contract suite "
                + "(the store's contract test can say how by overriding howToStartBackend()).";
    }

    /** How long to wait for a stage or an event before failing; 10 seconds unless overridden. */
    protected Duration timeout() {
        return DEFAULT_TIMEOUT;
    }

    /** The store made for the current test. */
    protected final Store store() {
        return store;
    }

    /**
     * Makes another store on the same options: another hbpushd node for a store that is
     * {@link StoreCapability#SHARED_ACROSS_NODES shared across nodes}. It is closed after the test.
     */
    protected final Store anotherNode() {
        return openStore();
    }

    /**
     * A channel id of this test's own: {@code name}, a random part and binary bytes
     * ({@code ~}, NUL and 0xff). It is deleted after the test.
     */
    protected final ChannelId newChannel(String name) {
        requireNonNull(name, "name is null");
        byte[] random = new byte[6];
        ThreadLocalRandom.current().nextBytes(random);
        byte[] text = ("hbpush-tck-" + name + "-" + HexFormat.of().formatHex(random)).getBytes(UTF_8);
        return ownChannel(concat(text, new byte[] {'~', 0x00, (byte) 0xff}));
    }

    /**
     * Waits for a stage of the store. Fails with "every stage completes" when it does not complete
     * within {@link #timeout()}, and with {@link #howToStartBackend()} when it completes with
     * {@link StoreUnavailableException}.
     *
     * @param action what the stage is for, such as {@code "post to news"}, named on failure
     */
    protected final <T> T await(String action, CompletionStage<T> stage) {
        assertThat(stage).as("a store never returns null: %s", action).isNotNull();
        CompletableFuture<T> result = new CompletableFuture<>();
        // Not toCompletableFuture(): a CompletionStage need not support it.
        stage.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            }
            else {
                result.complete(value);
            }
        });
        try {
            return result.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException e) {
            throw new AssertionError(format("every stage completes: %s did not complete within %s", action, timeout()), e);
        }
        catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : e.getCause();
            if (cause instanceof StoreUnavailableException) {
                throw backendUnavailable(action, cause);
            }
            throw new AssertionError(format("%s failed: %s", action, cause), cause);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + action, e);
        }
    }

    @BeforeEach
    final void openFirstStore() {
        provider = requireNonNull(provider(), "provider() returned null");
        store = openStore();
    }

    @AfterEach
    final void closeStores() {
        try {
            deleteUsedChannels();
        }
        finally {
            closeOpenedStores();
        }
    }

    @Nested
    @DisplayName("Store plugin: the provider is found and named as a plugin's must be")
    class Plugin {
        @Test
        @DisplayName("the store type is lowercase letters, digits and hyphens")
        void typeIsLowercaseAndHyphenated() {
            assertThat(provider.type())
                    .as("store types are lowercase, hyphen-separated (memory, acme-dynamo)")
                    .matches("[a-z0-9]+(-[a-z0-9]+)*");
        }

        @Test
        @DisplayName("each option key is declared once")
        void optionsAreDeclaredOnce() {
            List<String> names = provider.options().stream().map(StoreOption::name).toList();
            assertThat(names).as("each option key is declared once").doesNotHaveDuplicates();
        }

        @Test
        @DisplayName("ServiceLoader finds the provider through the provider's class loader")
        void serviceLoaderFindsTheProvider() {
            ClassLoader loader = provider.getClass().getClassLoader();
            List<String> found = ServiceLoader.load(StoreProvider.class, loader).stream()
                    .map(candidate -> candidate.type().getName())
                    .toList();
            assertThat(found)
                    .as("META-INF/services/org.hbpush.api.StoreProvider names the provider, so the server finds it")
                    .contains(provider.getClass().getName());
        }

        @Test
        @DisplayName("the provider's jar names exactly one provider in META-INF/services: its own")
        void serviceFileNamesExactlyTheProvider() throws IOException {
            CodeSource source = provider.getClass().getProtectionDomain().getCodeSource();
            assertThat(source).as("the provider class comes from a jar or a directory").isNotNull();
            // A loader over the provider's own jar only, so that other jars on the test class path do not count.
            try (URLClassLoader ownJar = new URLClassLoader(new URL[] {source.getLocation()}, null)) {
                URL serviceFile = ownJar.findResource("META-INF/services/" + StoreProvider.class.getName());
                assertThat(serviceFile)
                        .as("the jar of %s carries META-INF/services/%s", provider.getClass().getName(), StoreProvider.class.getName())
                        .isNotNull();
                assertThat(serviceLines(serviceFile))
                        .as("each plugin jar names exactly one provider class")
                        .containsExactly(provider.getClass().getName());
            }
        }

        @Test
        @DisplayName("the contract test's class name ends in StoreContractTest or StoreContractIT")
        void contractTestIsNamedForItsRunner() {
            assertThat(StoreContractTest.this.getClass().getSimpleName())
                    .as("a store's contract test is named <Store>StoreContractTest (surefire) or <Store>StoreContractIT (failsafe)")
                    .matches(".+StoreContract(Test|IT)");
        }
    }

    @Nested
    @DisplayName("Publisher location: channels are created, described and deleted")
    class Channels {
        @Test
        @DisplayName("an unknown channel has no information")
        void unknownChannelHasNoInformation() {
            assertThat(channelInfo(store, newChannel("unknown")))
                    .as("an unknown channel answers empty (404)")
                    .isEmpty();
        }

        @Test
        @DisplayName("a created channel is empty")
        void createdChannelIsEmpty() {
            ChannelId channel = newChannel("created");
            assertThat(createChannel(store, channel))
                    .as("a new channel holds nothing and has nobody waiting")
                    .isEqualTo(ChannelInfo.empty(channel));
            assertThat(channelInfo(store, channel))
                    .as("a created channel is known")
                    .contains(ChannelInfo.empty(channel));
            assertThat(lookup(store, channel, BEFORE_ALL))
                    .as("an empty channel has nothing newer")
                    .isEqualTo(MessageLookup.nothingNewer());
        }

        @Test
        @DisplayName("creating a channel again changes nothing (PUT twice: 200 both times)")
        void createIsIdempotent() {
            ChannelId channel = newChannel("idempotent");
            createChannel(store, channel);
            assertThat(createChannel(store, channel))
                    .as("creating a channel twice is the same as creating it once")
                    .isEqualTo(ChannelInfo.empty(channel));
            PostResult posted = post(store, channel, "kept");
            ChannelInfo again = createChannel(store, channel);
            assertThat(again.storedMessages()).as("creating an existing channel keeps its messages").isEqualTo(1);
            assertThat(again.lastMessageId()).as("creating an existing channel keeps its last id").contains(posted.message().id());
            PostResult next = post(store, channel, "after");
            assertThat(next.message().id())
                    .as("ids never go backwards, also after creating the channel again")
                    .isGreaterThan(posted.message().id());
            assertThat(texts(walk(store, channel))).containsExactly("kept", "after");
        }

        @Test
        @DisplayName("a channel's information counts its messages and names the newest")
        void informationDescribesTheMessages() {
            ChannelId channel = newChannel("described");
            post(store, channel, "one");
            post(store, channel, "two");
            PostResult last = post(store, channel, "three");
            assertThat(channelInfo(store, channel))
                    .as("channel information counts the stored messages and names the last id")
                    .contains(new ChannelInfo(channel, 3, 0, Optional.of(last.message().id())));
        }

        @Test
        @DisplayName("posting to an unknown channel creates it")
        void postCreatesTheChannel() {
            ChannelId channel = newChannel("post-creates");
            PostResult posted = post(store, channel, "first");
            assertThat(posted.channel())
                    .as("the post answers the channel right after the message was stored")
                    .isEqualTo(new ChannelInfo(channel, 1, 0, Optional.of(posted.message().id())));
            assertThat(channelInfo(store, channel)).as("POST creates the channel when missing").contains(posted.channel());
        }

        @Test
        @DisplayName("posting with createChannel=false to an unknown channel stores nothing")
        void postWithoutCreateStoresNothingOnAnUnknownChannel() {
            ChannelId channel = newChannel("no-create");
            assertThat(postIfExists(store, channel, "lost"))
                    .as("with create_on_post: false, a post to an unknown channel answers empty (404)")
                    .isEmpty();
            assertThat(channelInfo(store, channel)).as("a refused post does not create the channel").isEmpty();
            assertThat(firstMessageAfter(store, channel, BEFORE_ALL)).as("a refused post stores nothing").isEmpty();
        }

        @Test
        @DisplayName("posting with createChannel=false to an existing channel stores the message")
        void postWithoutCreateStoresOnAnExistingChannel() {
            ChannelId channel = newChannel("no-create-existing");
            createChannel(store, channel);
            Optional<PostResult> posted = postIfExists(store, channel, "stored");
            assertThat(posted).as("with create_on_post: false, a post to an existing channel is stored").isPresent();
            assertThat(texts(walk(store, channel))).containsExactly("stored");
        }

        @Test
        @DisplayName("deleting a channel answers its information from just before")
        void deleteAnswersTheInformationBefore() {
            ChannelId channel = newChannel("deleted-info");
            post(store, channel, "one");
            PostResult last = post(store, channel, "two");
            assertThat(deleteChannel(store, channel))
                    .as("deleteChannel answers the channel's information just before it was deleted")
                    .contains(new ChannelInfo(channel, 2, 0, Optional.of(last.message().id())));
        }

        @Test
        @DisplayName("deleting an unknown channel answers empty")
        void deleteOfAnUnknownChannelAnswersEmpty() {
            assertThat(deleteChannel(store, newChannel("never-created")))
                    .as("DELETE of an unknown channel answers empty (404)")
                    .isEmpty();
        }

        @Test
        @DisplayName("a deleted channel is unknown and its messages are gone")
        void deletedChannelIsGone() {
            ChannelId channel = newChannel("gone");
            post(store, channel, "one");
            post(store, channel, "two");
            deleteChannel(store, channel);
            assertThat(channelInfo(store, channel)).as("a deleted channel is unknown").isEmpty();
            assertThat(firstMessageAfter(store, channel, BEFORE_ALL)).as("a deleted channel's messages are gone").isEmpty();
            assertThat(deleteChannel(store, channel)).as("deleting twice finds nothing the second time").isEmpty();
            assertThat(postIfExists(store, channel, "late"))
                    .as("a post with createChannel=false to a deleted channel stores nothing")
                    .isEmpty();
        }

        @Test
        @DisplayName("posting after a delete starts a fresh channel")
        void postAfterDeleteStartsAFreshChannel() {
            ChannelId channel = newChannel("recreated");
            post(store, channel, "old one");
            post(store, channel, "old two");
            createChannel(store, channel);
            addWaitingSubscribers(store, channel, 2);
            deleteChannel(store, channel);

            PostResult posted = post(store, channel, "new");
            assertThat(posted.channel().storedMessages()).as("a recreated channel holds only the new message").isEqualTo(1);
            assertThat(posted.channel().waitingSubscribers()).as("a recreated channel has nobody waiting").isZero();
            assertThat(texts(walk(store, channel))).as("the old messages are gone with the old channel").containsExactly("new");
        }

        @Test
        @DisplayName("channels are independent of each other")
        void channelsAreIndependent() {
            ChannelId first = newChannel("first");
            ChannelId second = newChannel("second");
            post(store, first, "for the first");
            post(store, second, "for the second");
            addWaitingSubscribers(store, first, 1);

            assertThat(texts(walk(store, first))).as("a channel holds only its own messages").containsExactly("for the first");
            assertThat(channelInfo(store, second).orElseThrow().waitingSubscribers())
                    .as("waiting subscribers count per channel")
                    .isZero();
            deleteChannel(store, first);
            assertThat(texts(walk(store, second))).as("deleting one channel leaves the others").containsExactly("for the second");
        }
    }

    @Nested
    @DisplayName("Message ids: the store gives each message the next id of its channel")
    class MessageIds {
        @Test
        @DisplayName("the first message of a channel has the current time and tag 0")
        void firstMessageHasTheCurrentTimeAndTagZero() {
            Instant before = Instant.now();
            PostResult posted = post(store, newChannel("first-id"), "first");
            Instant after = Instant.now();
            MessageId id = posted.message().id();
            assertThat(id.tag()).as("a message in a new second gets tag 0").isZero();
            assertThat(id.time())
                    .as("a new message gets time = now in seconds (allowing %s of clock skew with the backend)", CLOCK_SKEW)
                    .isBetween(before.minus(CLOCK_SKEW).getEpochSecond(), after.plus(CLOCK_SKEW).getEpochSecond());
        }

        @Test
        @DisplayName("each id follows the one before by MessageId.following")
        void idsFollowOneAnother() {
            ChannelId channel = newChannel("following");
            List<MessageId> ids = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                ids.add(post(store, channel, "message " + i).message().id());
            }
            assertIdsFollowOneAnother(ids);
            assertThat(walk(store, channel).stream().map(Message::id).toList())
                    .as("each message is stored under the id its post answered")
                    .isEqualTo(ids);
        }

        @Test
        @DisplayName("a post's channel information names the message just stored")
        void postAnswersTheChannelAfterThePost() {
            ChannelId channel = newChannel("post-info");
            for (int i = 1; i <= 3; i++) {
                PostResult posted = post(store, channel, "message " + i);
                assertThat(posted.channel().lastMessageId())
                        .as("the post's channel information has the new message as its last")
                        .contains(posted.message().id());
                assertThat(posted.channel().storedMessages()).as("the post's channel information counts the new message").isEqualTo(i);
            }
        }
    }

    @Nested
    @DisplayName("Message ids: concurrent posts get distinct, increasing ids and are all stored")
    class ConcurrentPosts {
        @Test
        @DisplayName("9 posts at once to a new channel")
        void ninePostsAtOnce() {
            ChannelId channel = newChannel("nine");
            assertAllStoredInOrder(store, channel, postConcurrently(List.of(store), channel, 9, 9));
        }

        @Test
        @DisplayName("200 posts from 8 threads to a new channel")
        void twoHundredPostsFromEightThreads() {
            ChannelId channel = newChannel("two-hundred");
            assertAllStoredInOrder(store, channel, postConcurrently(List.of(store), channel, 200, 8));
        }

        @Test
        @DisplayName("creating a channel while others post to it loses none of their messages")
        void createWhilePostingLosesNothing() {
            ChannelId channel = newChannel("create-while-posting");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<CompletableFuture<ChannelInfo>> creates = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    creates.add(CompletableFuture.supplyAsync(() -> {
                        awaitLatch(start);
                        return store.createChannel(channel);
                    }, pool).thenCompose(stage -> stage));
                }
                List<PostResult> posted = postConcurrently(List.of(store), channel, 20, 4, start);
                for (CompletableFuture<ChannelInfo> create : creates) {
                    await("createChannel racing posts", create);
                }
                assertAllStoredInOrder(store, channel, posted);
            }
            finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("Subscriber location: firstMessageAfter walks a channel in order")
    class Walking {
        @Test
        @DisplayName("an unknown channel answers empty")
        void unknownChannelAnswersEmpty() {
            assertThat(firstMessageAfter(store, newChannel("unknown"), BEFORE_ALL))
                    .as("a subscriber of an unknown channel gets 404")
                    .isEmpty();
        }

        @Test
        @DisplayName("BEFORE_ALL answers the oldest stored message")
        void beforeAllAnswersTheOldest() {
            ChannelId channel = newChannel("oldest");
            PostResult oldest = post(store, channel, "oldest");
            post(store, channel, "newer");
            assertThat(lookup(store, channel, BEFORE_ALL))
                    .as("no headers: 200 with the OLDEST stored message")
                    .isEqualTo(MessageLookup.found(oldest.message()));
        }

        @Test
        @DisplayName("walking by ids gives every message once, in order, then nothing newer")
        void walkGivesEveryMessageOnceInOrder() {
            ChannelId channel = newChannel("walk");
            List<Message> posted = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                posted.add(post(store, channel, "message " + i).message());
            }
            MessageId after = BEFORE_ALL;
            for (Message expected : posted) {
                MessageLookup lookup = lookup(store, channel, after);
                assertThat(lookup)
                        .as("the first stored message whose id is greater than %s", after)
                        .isEqualTo(MessageLookup.found(expected));
                after = expected.id();
            }
            assertThat(lookup(store, channel, after))
                    .as("nothing newer after the last message")
                    .isEqualTo(MessageLookup.nothingNewer());
        }

        @Test
        @DisplayName("an id older than every stored message answers the oldest")
        void anOldIdAnswersTheOldest() {
            ChannelId channel = newChannel("old-id");
            PostResult oldest = post(store, channel, "oldest");
            post(store, channel, "newer");
            MessageId older = new MessageId(oldest.message().id().time() - 1, 7);
            assertThat(lookup(store, channel, older).message())
                    .as("an id older than the oldest stored message gets the oldest")
                    .contains(oldest.message());
        }

        @Test
        @DisplayName("an id newer than every stored message answers nothing newer")
        void aNewIdAnswersNothingNewer() {
            ChannelId channel = newChannel("new-id");
            PostResult newest = post(store, channel, "newest");
            MessageId later = new MessageId(newest.message().id().time() + 3600, 0);
            assertThat(lookup(store, channel, later))
                    .as("nothing newer than an id from the future")
                    .isEqualTo(MessageLookup.nothingNewer());
        }

        @Test
        @DisplayName("a message posted after the walk reached the end is found next")
        void aMessagePostedBetweenPollsIsFound() {
            ChannelId channel = newChannel("between-polls");
            PostResult first = post(store, channel, "first");
            assertThat(lookup(store, channel, first.message().id())).isEqualTo(MessageLookup.nothingNewer());
            PostResult second = post(store, channel, "second");
            assertThat(lookup(store, channel, first.message().id()))
                    .as("no message is lost between one long poll and the next")
                    .isEqualTo(MessageLookup.found(second.message()));
        }
    }

    @Nested
    @DisplayName("Words: a message keeps its Content-Type and body bytes exactly")
    class MessageContent {
        @Test
        @DisplayName("the Content-Type is kept as posted")
        void contentTypeIsKept() {
            ChannelId channel = newChannel("content-types");
            List<String> types = List.of("text/plain", "application/json; charset=utf-8", "Text/HTML;  Charset=\"ISO-8859-1\"",
                    "application/octet-stream", "application/x-hbpush+json; profile=\"a b\"");
            for (String type : types) {
                post(store, channel, type, "body".getBytes(UTF_8));
            }
            assertThat(walk(store, channel).stream().map(Message::contentType).toList())
                    .as("a message is served with the Content-Type it was posted with")
                    .isEqualTo(types);
        }

        @Test
        @DisplayName("an empty body is kept")
        void emptyBodyIsKept() {
            ChannelId channel = newChannel("empty-body");
            PostResult posted = post(store, channel, TEXT, new byte[0]);
            assertThat(posted.message().bodyLength()).as("the post answers the stored body").isZero();
            assertThat(lookup(store, channel, BEFORE_ALL).message().orElseThrow().bodyBytes())
                    .as("an empty body is stored as an empty body")
                    .isEmpty();
        }

        @Test
        @DisplayName("every byte value survives, in order")
        void binaryBodyIsKept() {
            byte[] everyByte = new byte[512];
            for (int i = 0; i < everyByte.length; i++) {
                everyByte[i] = (byte) (i % 256);
            }
            assertBodyKept("every-byte", everyByte);
        }

        @Test
        @DisplayName("a large body survives")
        void largeBodyIsKept() {
            byte[] large = new byte[256 * 1024];
            new Random(42).nextBytes(large);
            assertBodyKept("large-body", large);
        }

        @Test
        @DisplayName("only the bytes between position and limit are stored, and the buffer is not changed")
        void onlyTheRemainingBytesAreStoredAndTheBufferIsNotChanged() {
            ChannelId channel = newChannel("buffer-window");
            byte[] array = "xxHELLOyy".getBytes(UTF_8);
            ByteBuffer body = ByteBuffer.wrap(array);
            body.position(2).limit(7);
            PostResult posted = await("post of a buffer window", store.post(channel, TEXT, body, PostOptions.DEFAULT)).orElseThrow();

            assertThat(posted.message().bodyBytes()).as("a store stores the bytes between position and limit").isEqualTo(bytes("HELLO"));
            assertThat(body.position()).as("a store must not change the posted buffer's position").isEqualTo(2);
            assertThat(body.limit()).as("a store must not change the posted buffer's limit").isEqualTo(7);
            assertThat(array).as("a store must not change the posted buffer's bytes").isEqualTo(bytes("xxHELLOyy"));
            assertThat(lookup(store, channel, BEFORE_ALL).message().orElseThrow().bodyBytes()).isEqualTo(bytes("HELLO"));
        }

        @Test
        @DisplayName("changing the posted bytes afterwards does not change the stored message")
        void storedBodyIsACopy() {
            ChannelId channel = newChannel("copied-body");
            byte[] array = bytes("original");
            await("post", store.post(channel, TEXT, ByteBuffer.wrap(array), PostOptions.DEFAULT));
            Arrays.fill(array, (byte) '!');
            assertThat(lookup(store, channel, BEFORE_ALL).message().orElseThrow().bodyBytes())
                    .as("the store copies what it keeps")
                    .isEqualTo(bytes("original"));
        }

        @Test
        @DisplayName("direct and read-only buffers are accepted")
        void directAndReadOnlyBuffersAreAccepted() {
            ChannelId channel = newChannel("buffer-kinds");
            ByteBuffer direct = ByteBuffer.allocateDirect(6).put(bytes("direct")).flip();
            ByteBuffer readOnly = ByteBuffer.wrap(bytes("read-only")).asReadOnlyBuffer();
            await("post of a direct buffer", store.post(channel, TEXT, direct, PostOptions.DEFAULT));
            await("post of a read-only buffer", store.post(channel, TEXT, readOnly, PostOptions.DEFAULT));
            assertThat(texts(walk(store, channel)))
                    .as("any kind of ByteBuffer may be posted")
                    .containsExactly("direct", "read-only");
        }

        private void assertBodyKept(String name, byte[] body) {
            ChannelId channel = newChannel(name);
            post(store, channel, "application/octet-stream", body);
            assertThat(lookup(store, channel, BEFORE_ALL).message().orElseThrow().bodyBytes())
                    .as("the body is served unchanged")
                    .isEqualTo(body);
        }
    }

    @Nested
    @DisplayName("Words: a channel id is any bytes, and different bytes are different channels")
    class ChannelIds {
        @Test
        @DisplayName("ids that look alike never share a channel")
        void lookAlikeIdsNeverCollide() {
            byte[] base = newChannel("look-alike").bytes();
            List<ChannelId> ids = new ArrayList<>();
            ids.add(ownChannel(base));
            ids.add(ownChannel(Arrays.copyOf(base, base.length - 1)));           // a prefix of the base
            ids.add(ownChannel(Arrays.copyOf(base, base.length - 2)));
            byte[] oneByteOff = base.clone();
            oneByteOff[oneByteOff.length - 1] ^= 0x01;                             // differs in the last byte only
            ids.add(ownChannel(oneByteOff));
            for (byte[] tail : List.of(new byte[] {0x00}, new byte[] {0x00, 0x00}, new byte[] {'\n'}, new byte[] {'\t'},
                    new byte[] {(byte) 0xff}, "é".getBytes(UTF_8), new byte[] {(byte) 0xe9}, bytes(" "), bytes(":x"),
                    bytes("/x"), bytes("%00"), bytes("*"), bytes("{x}"), bytes("\\x00"))) {
                ids.add(ownChannel(concat(base, tail)));
            }
            assertThat(new HashSet<>(ids)).as("the test's ids are all different").hasSize(ids.size());

            for (ChannelId id : ids) {
                post(store, id, "for " + id);
            }
            for (ChannelId id : ids) {
                assertThat(texts(walk(store, id)))
                        .as("channel %s holds only its own message: different bytes never share a channel", id)
                        .containsExactly("for " + id);
            }
            deleteChannel(store, ids.get(0));
            for (ChannelId id : ids.subList(1, ids.size())) {
                assertThat(channelInfo(store, id).map(ChannelInfo::storedMessages))
                        .as("deleting %s leaves %s alone", ids.get(0), id)
                        .contains(1L);
            }
        }

        @Test
        @DisplayName("an id made again from the same bytes names the same channel")
        void sameBytesSameChannel() {
            ChannelId channel = newChannel("same-bytes");
            post(store, channel, "hello");
            assertThat(texts(walk(store, ChannelId.of(channel.bytes()))))
                    .as("two ids are equal when their bytes are equal")
                    .containsExactly("hello");
        }

        @Test
        @DisplayName("events and channel information carry the exact binary id")
        void eventsCarryTheExactId() {
            ChannelId channel = ownChannel(concat(newChannel("exact").bytes(), new byte[] {'\r', '\n', 0x00, (byte) 0x80}));
            RecordingListener listener = new RecordingListener();
            store.listen(listener);
            PostResult posted = post(store, channel, "hello");
            assertThat(posted.channel().channel()).as("channel information names the exact id").isEqualTo(channel);
            listener.awaitEvent(Event.posted(channel, posted.message().id()), timeout(), "events name the exact channel id");
        }
    }

    @Nested
    @DisplayName("Publisher location: listeners hear of every post and every delete")
    class Events {
        @Test
        @DisplayName("a post is told with the id the post answered")
        void postIsTold() {
            RecordingListener listener = new RecordingListener();
            store.listen(listener);
            ChannelId channel = newChannel("posted-event");
            for (int i = 0; i < 3; i++) {
                PostResult posted = post(store, channel, "message " + i);
                listener.awaitEvent(Event.posted(channel, posted.message().id()), timeout(),
                        "after a message is stored, the store tells every listener (messagePosted)");
            }
        }

        @Test
        @DisplayName("a post is told with the id of the message before it, so a subscriber that has that one gets this one at once")
        void postIsToldWithItsPredecessor() {
            RecordingListener listener = new RecordingListener();
            store.listen(listener);
            ChannelId channel = newChannel("previous-id");
            PostResult first = post(store, channel, "first");
            PostResult second = post(store, channel, "second");
            listener.awaitEvent(Event.posted(channel, second.message().id()), timeout(), "a stored message is told");

            PostedMessage firstEvent = listener.postedMessage(first.message().id());
            PostedMessage secondEvent = listener.postedMessage(second.message().id());
            assertThat(firstEvent.previousId())
                    .as("the first message of a channel follows BEFORE_ALL (PostedMessage.previousId)")
                    .isEqualTo(BEFORE_ALL);
            assertThat(secondEvent.previousId())
                    .as("each message names the one before it (PostedMessage.previousId)")
                    .isEqualTo(first.message().id());
            assertThat(secondEvent.stored()).as("a message posted with storeMessages=true is stored").isTrue();
            secondEvent.message().ifPresent(message -> assertThat(message)
                    .as("a message carried in the event is the message as stored")
                    .isEqualTo(second.message()));
        }

        @Test
        @DisplayName("a claim is told to every listener (subscriber_concurrency: last)")
        void claimIsTold() {
            RecordingListener listener = new RecordingListener();
            store.listen(listener);
            ChannelId channel = newChannel("claimed");
            createChannel(store, channel);
            await("claim of " + channel, store.claimChannel(channel, "000000000000001-claimant"));
            listener.awaitClaim(channel, "000000000000001-claimant", timeout(),
                    "a claim is told to the listeners (channelClaimed), so older subscribers give way");
        }

        @Test
        @DisplayName("a delete is told")
        void deleteIsTold() {
            RecordingListener listener = new RecordingListener();
            store.listen(listener);
            ChannelId channel = newChannel("deleted-event");
            createChannel(store, channel);
            deleteChannel(store, channel);
            listener.awaitEvent(Event.deleted(channel), timeout(), "after a channel is deleted, the store tells every listener (channelDeleted)");
        }

        @Test
        @DisplayName("every registered listener is told")
        void everyListenerIsTold() {
            RecordingListener first = new RecordingListener();
            RecordingListener second = new RecordingListener();
            store.listen(first);
            store.listen(second);
            ChannelId channel = newChannel("two-listeners");
            PostResult posted = post(store, channel, "hello");
            first.awaitEvent(Event.posted(channel, posted.message().id()), timeout(), "every listener hears a post");
            second.awaitEvent(Event.posted(channel, posted.message().id()), timeout(), "every listener hears a post");
        }

        @Test
        @DisplayName("a post that stored nothing is not told")
        void refusedPostIsNotTold() {
            RecordingListener listener = new RecordingListener();
            store.listen(listener);
            ChannelId channel = newChannel("refused-event");
            postIfExists(store, channel, "refused");
            PostResult posted = post(store, channel, "stored");
            listener.awaitEvent(Event.posted(channel, posted.message().id()), timeout(), "a stored message is told");
            assertThat(listener.events(channel))
                    .as("only stored messages are told")
                    .containsExactly(Event.posted(channel, posted.message().id()));
        }

        @Test
        @DisplayName("a closed registration hears nothing more, and closing it twice is harmless")
        void closedRegistrationHearsNothing() {
            RecordingListener closed = new RecordingListener();
            RecordingListener open = new RecordingListener();
            Registration registration = store.listen(closed);
            assertThat(registration).as("listen never returns null").isNotNull();
            store.listen(open);
            ChannelId channel = newChannel("closed-registration");
            PostResult before = post(store, channel, "before");
            closed.awaitEvent(Event.posted(channel, before.message().id()), timeout(), "a registered listener hears a post");

            registration.close();
            registration.close();
            PostResult after = post(store, channel, "after");
            deleteChannel(store, channel);
            // The listener still registered hears the events; by then the closed one would have heard them too.
            open.awaitEvent(Event.posted(channel, after.message().id()), timeout(), "a registered listener hears a post");
            open.awaitEvent(Event.deleted(channel), timeout(), "a registered listener hears a delete");
            assertThat(closed.events(channel))
                    .as("closing the registration stops the events to that listener")
                    .containsExactly(Event.posted(channel, before.message().id()));
        }
    }

    @Nested
    @DisplayName("Retention: a channel keeps what each post's Retention says, and tells a reader that missed messages")
    class RetentionLimits {
        @Test
        @DisplayName("a channel keeps its newest maxMessages messages")
        void keepsTheNewest() {
            ChannelId channel = newChannel("buffer");
            PostOptions keepTwo = new PostOptions(true, new Retention(2, Duration.ZERO, true));
            List<PostResult> posted = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                posted.add(await("post", store.post(channel, TEXT, ByteBuffer.wrap(bytes("message " + i)), keepTwo)).orElseThrow());
            }
            assertThat(posted.get(3).channel().storedMessages())
                    .as("message_buffer_length: the channel keeps its newest N messages")
                    .isEqualTo(2);
            assertThat(firstMessageAfter(store, channel, BEFORE_ALL).orElseThrow())
                    .as("BEFORE_ALL names no message: the oldest kept, without a gap")
                    .isEqualTo(MessageLookup.found(posted.get(2).message()));
            assertThat(firstMessageAfter(store, channel, posted.get(0).message().id()).orElseThrow())
                    .as("a reader that missed dropped messages gets the oldest kept, marked as a gap")
                    .isEqualTo(MessageLookup.foundAfterGap(posted.get(2).message()));
            assertThat(firstMessageAfter(store, channel, posted.get(1).message().id()).orElseThrow())
                    .as("a reader that has the newest dropped message missed nothing: no gap")
                    .isEqualTo(MessageLookup.found(posted.get(2).message()));
        }

        @Test
        @DisplayName("a message expires after its messageTimeout, without a read touching its channel")
        void messagesExpire() throws InterruptedException {
            ChannelId channel = newChannel("timeout");
            PostOptions oneSecond = new PostOptions(true, new Retention(1000, Duration.ofSeconds(1), true));
            await("post", store.post(channel, TEXT, ByteBuffer.wrap(bytes("brief")), oneSecond));
            long deadline = System.nanoTime() + timeout().toNanos();
            long stored = channelInfo(store, channel).orElseThrow().storedMessages();
            // Expiry follows the wall clock: poll the channel's information, bounded by the timeout.
            while (stored > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                stored = channelInfo(store, channel).orElseThrow().storedMessages();
            }
            assertThat(stored).as("message_timeout: an expired message is no longer stored").isZero();
            assertThat(firstMessageAfter(store, channel, BEFORE_ALL).orElseThrow())
                    .as("message_timeout: an expired message is never read")
                    .isEqualTo(MessageLookup.nothingNewer());
        }

        @Test
        @DisplayName("with storeMessages false a message gets an id and is told, with itself, but is not kept")
        void notStored() {
            RecordingListener listener = new RecordingListener();
            store.listen(listener);
            ChannelId channel = newChannel("not-stored");
            PostResult kept = post(store, channel, "kept");
            PostResult live = await("post", store.post(channel, TEXT, ByteBuffer.wrap(bytes("live")), new PostOptions(true, Retention.NONE)))
                    .orElseThrow();
            assertThat(live.message().id().isAfter(kept.message().id())).as("ids never go backwards, stored or not").isTrue();
            assertThat(live.channel().storedMessages()).as("store_messages false keeps nothing").isEqualTo(1);
            listener.awaitEvent(Event.posted(channel, live.message().id()), timeout(), "a message that is not kept is still told");
            PostedMessage event = listener.postedMessage(live.message().id());
            assertThat(event.stored()).as("the event says the message was not kept").isFalse();
            assertThat(event.message()).as("a message that is not kept travels in its event").contains(live.message());
            assertThat(firstMessageAfter(store, channel, kept.message().id()).orElseThrow())
                    .as("a message that is not kept is never read")
                    .isEqualTo(MessageLookup.nothingNewer());
        }
    }

    @Nested
    @DisplayName("Publisher location: waiting subscribers are counted (201 Created or 202 Accepted)")
    class WaitingSubscribers {
        @Test
        @DisplayName("changes add up, and the post and the channel information report them")
        void countsAddUp() {
            ChannelId channel = newChannel("waiting");
            createChannel(store, channel);
            addWaitingSubscribers(store, channel, 1);
            addWaitingSubscribers(store, channel, 2);
            assertThat(channelInfo(store, channel).orElseThrow().waitingSubscribers())
                    .as("channel information reports the waiting subscribers")
                    .isEqualTo(3);
            assertThat(post(store, channel, "hello").channel().waitingSubscribers())
                    .as("the post reports the waiting subscribers, so the publisher gets 201")
                    .isEqualTo(3);
            addWaitingSubscribers(store, channel, -3);
            assertThat(post(store, channel, "again").channel().waitingSubscribers())
                    .as("with nobody waiting the publisher gets 202")
                    .isZero();
        }

        @Test
        @DisplayName("the count never goes below zero")
        void countNeverGoesBelowZero() {
            ChannelId channel = newChannel("below-zero");
            createChannel(store, channel);
            addWaitingSubscribers(store, channel, 1);
            addWaitingSubscribers(store, channel, -5);
            assertThat(channelInfo(store, channel).orElseThrow().waitingSubscribers())
                    .as("a count never goes below zero")
                    .isZero();
            addWaitingSubscribers(store, channel, 1);
            assertThat(channelInfo(store, channel).orElseThrow().waitingSubscribers())
                    .as("a count stopped at zero counts on from zero")
                    .isEqualTo(1);
        }

        @Test
        @DisplayName("a change for an unknown channel is ignored")
        void unknownChannelIsIgnored() {
            ChannelId channel = newChannel("waiting-unknown");
            addWaitingSubscribers(store, channel, 4);
            assertThat(channelInfo(store, channel)).as("a change for a channel that does not exist does not create it").isEmpty();
            assertThat(createChannel(store, channel).waitingSubscribers())
                    .as("a change for a channel that does not exist is ignored, not remembered")
                    .isZero();
        }
    }

    @Nested
    @DisplayName("Nodes: a second store on the same options is another hbpushd node")
    class Nodes {
        @Test
        @DisplayName("channels and messages are seen on the other node exactly when SHARED_ACROSS_NODES")
        void channelsAndMessages() {
            Store other = anotherNode();
            ChannelId channel = newChannel("nodes");
            PostResult first = post(store, channel, "from the first node");
            if (shared()) {
                assertThat(channelInfo(other, channel))
                        .as("SHARED_ACROSS_NODES: another node sees the channel")
                        .contains(first.channel());
                PostResult second = post(other, channel, "from the other node");
                assertThat(second.message().id())
                        .as("ids never go backwards, also across nodes sharing a backend")
                        .isGreaterThan(first.message().id());
                assertThat(texts(walk(store, channel)))
                        .as("SHARED_ACROSS_NODES: every node reads every node's messages")
                        .containsExactly("from the first node", "from the other node");
                deleteChannel(other, channel);
                assertThat(channelInfo(store, channel))
                        .as("SHARED_ACROSS_NODES: a channel deleted on one node is gone on every node")
                        .isEmpty();
            }
            else {
                assertThat(channelInfo(other, channel))
                        .as("without SHARED_ACROSS_NODES, another store instance does not see the channel")
                        .isEmpty();
                post(other, channel, "from the other node");
                assertThat(texts(walk(store, channel)))
                        .as("without SHARED_ACROSS_NODES, each store instance keeps its own messages")
                        .containsExactly("from the first node");
                deleteChannel(other, channel);
                assertThat(channelInfo(store, channel))
                        .as("without SHARED_ACROSS_NODES, a delete on another store instance leaves this one's channel")
                        .isPresent();
            }
        }

        @Test
        @DisplayName("listeners hear the other node's events exactly when SHARED_ACROSS_NODES")
        void events() {
            Store other = anotherNode();
            RecordingListener otherListener = new RecordingListener();
            other.listen(otherListener);
            ChannelId channel = newChannel("node-events");
            if (shared()) {
                PostResult posted = post(store, channel, "hello");
                otherListener.awaitEvent(Event.posted(channel, posted.message().id()), timeout(),
                        "SHARED_ACROSS_NODES: a post is told to the listeners of every node");
                deleteChannel(store, channel);
                otherListener.awaitEvent(Event.deleted(channel), timeout(),
                        "SHARED_ACROSS_NODES: a delete is told to the listeners of every node");
            }
            else {
                ChannelId elsewhere = newChannel("node-events-elsewhere");
                post(store, channel, "on the first instance");
                PostResult own = post(other, elsewhere, "on the other instance");
                otherListener.awaitEvent(Event.posted(elsewhere, own.message().id()), timeout(), "a store tells its own listeners");
                assertThat(otherListener.events(channel))
                        .as("without SHARED_ACROSS_NODES, listeners hear only their own store instance's events")
                        .isEmpty();
            }
        }

        @Test
        @DisplayName("a claim is told to the other node's listeners exactly when SHARED_ACROSS_NODES")
        void claims() {
            Store other = anotherNode();
            RecordingListener otherListener = new RecordingListener();
            other.listen(otherListener);
            ChannelId channel = newChannel("node-claims");
            createChannel(store, channel);
            await("claim of " + channel, store.claimChannel(channel, "000000000000002-first-node"));
            if (shared()) {
                otherListener.awaitClaim(channel, "000000000000002-first-node", timeout(),
                        "SHARED_ACROSS_NODES: a claim is told to the listeners of every node");
            }
            else {
                await("claim on the other instance", other.claimChannel(channel, "000000000000003-other"));
                otherListener.awaitClaim(channel, "000000000000003-other", timeout(), "a store tells its own listeners of claims");
                assertThat(otherListener.heardClaim(channel, "000000000000002-first-node"))
                        .as("without SHARED_ACROSS_NODES, listeners hear only their own store instance's claims")
                        .isFalse();
            }
        }

        @Test
        @DisplayName("waiting subscribers add up across nodes exactly when SHARED_ACROSS_NODES")
        void waitingSubscribers() {
            Store other = anotherNode();
            ChannelId channel = newChannel("node-waiting");
            createChannel(store, channel);
            addWaitingSubscribers(store, channel, 1);
            addWaitingSubscribers(other, channel, 2);
            if (shared()) {
                assertThat(channelInfo(other, channel).orElseThrow().waitingSubscribers())
                        .as("SHARED_ACROSS_NODES: a shared store sums the counts of every node")
                        .isEqualTo(3);
                assertThat(post(store, channel, "hello").channel().waitingSubscribers())
                        .as("SHARED_ACROSS_NODES: a post reports the subscribers waiting on every node")
                        .isEqualTo(3);
            }
            else {
                assertThat(channelInfo(store, channel).orElseThrow().waitingSubscribers())
                        .as("without SHARED_ACROSS_NODES, each store instance counts its own waiting subscribers")
                        .isEqualTo(1);
                assertThat(channelInfo(other, channel))
                        .as("without SHARED_ACROSS_NODES, a change for a channel the instance does not hold is ignored")
                        .isEmpty();
            }
        }

        @Test
        @DisplayName("concurrent posts through both nodes get distinct, increasing ids exactly when SHARED_ACROSS_NODES")
        void concurrentPostsThroughBothNodes() {
            Store other = anotherNode();
            ChannelId channel = newChannel("both-nodes");
            List<PostResult> posted = postConcurrently(List.of(store, other), channel, 100, 8);
            if (shared()) {
                assertAllStoredInOrder(store, channel, posted);
                assertThat(walk(other, channel).stream().map(Message::id).toList())
                        .as("SHARED_ACROSS_NODES: every node reads the same messages")
                        .isEqualTo(walk(store, channel).stream().map(Message::id).toList());
            }
            else {
                // postConcurrently sends post i through store i % 2.
                assertAllStoredInOrder(store, channel, everyOther(posted, 0));
                assertAllStoredInOrder(other, channel, everyOther(posted, 1));
            }
        }
    }

    @Nested
    @DisplayName("Durability: messages outlive the store exactly when it is DURABLE")
    class Durability {
        @Test
        @DisplayName("a new store on the same options holds the messages exactly when DURABLE")
        void messagesOutliveTheStore() {
            ChannelId channel = newChannel("durable");
            PostResult first = post(store, channel, "before closing");
            reopenStore();
            if (capabilities().contains(StoreCapability.DURABLE)) {
                assertThat(walk(store, channel))
                        .as("DURABLE: a message survives closing the store and creating a new one on the same options")
                        .containsExactly(first.message());
                assertThat(post(store, channel, "after reopening").message().id())
                        .as("ids never go backwards, also after the store was reopened")
                        .isGreaterThan(first.message().id());
            }
            else {
                assertThat(channelInfo(store, channel))
                        .as("without DURABLE, a new store starts empty")
                        .isEmpty();
            }
        }
    }

    // ---- store calls that wait and check what every answer must be

    private ChannelInfo createChannel(Store on, ChannelId channel) {
        ChannelInfo info = await("createChannel " + channel, on.createChannel(channel));
        assertThat(info).as("createChannel never answers null").isNotNull();
        assertThat(info.channel()).as("createChannel answers the channel's own information").isEqualTo(channel);
        return info;
    }

    private Optional<ChannelInfo> channelInfo(Store on, ChannelId channel) {
        Optional<ChannelInfo> info = await("channelInfo " + channel, on.channelInfo(channel));
        assertThat(info).as("channelInfo answers an Optional, never null").isNotNull();
        info.ifPresent(present -> assertThat(present.channel()).as("channelInfo answers the channel's own information").isEqualTo(channel));
        return info;
    }

    private Optional<ChannelInfo> deleteChannel(Store on, ChannelId channel) {
        Optional<ChannelInfo> info = await("deleteChannel " + channel, on.deleteChannel(channel));
        assertThat(info).as("deleteChannel answers an Optional, never null").isNotNull();
        return info;
    }

    private PostResult post(Store on, ChannelId channel, String text) {
        return post(on, channel, TEXT, bytes(text));
    }

    private PostResult post(Store on, ChannelId channel, String contentType, byte[] body) {
        Optional<PostResult> posted = await("post to " + channel, on.post(channel, contentType, ByteBuffer.wrap(body), PostOptions.DEFAULT));
        assertThat(posted).as("a post with createChannel=true always stores the message").isPresent();
        PostResult result = posted.orElseThrow();
        assertThat(result.message().contentType()).as("the post answers the message as stored").isEqualTo(contentType);
        assertThat(result.message().bodyBytes()).as("the post answers the message as stored").isEqualTo(body);
        assertThat(result.channel().channel()).as("the post answers the channel's own information").isEqualTo(channel);
        return result;
    }

    private Optional<PostResult> postIfExists(Store on, ChannelId channel, String text) {
        Optional<PostResult> posted = await("post (createChannel=false) to " + channel, on.post(channel, TEXT, ByteBuffer.wrap(bytes(text)), new PostOptions(false, Retention.DEFAULT)));
        assertThat(posted).as("post answers an Optional, never null").isNotNull();
        return posted;
    }

    private Optional<MessageLookup> firstMessageAfter(Store on, ChannelId channel, MessageId after) {
        Optional<MessageLookup> lookup = await(format("firstMessageAfter %s in %s", after, channel), on.firstMessageAfter(channel, after));
        assertThat(lookup).as("firstMessageAfter answers an Optional, never null").isNotNull();
        return lookup;
    }

    /** firstMessageAfter on a channel that must exist. */
    private MessageLookup lookup(Store on, ChannelId channel, MessageId after) {
        Optional<MessageLookup> lookup = firstMessageAfter(on, channel, after);
        assertThat(lookup).as("firstMessageAfter on an existing channel answers a lookup").isPresent();
        return lookup.orElseThrow();
    }

    private void addWaitingSubscribers(Store on, ChannelId channel, int delta) {
        await(format("addWaitingSubscribers %s to %s", delta, channel), on.addWaitingSubscribers(channel, delta));
    }

    /** Every message of the channel, the way a subscriber sending back each id walks it. */
    private List<Message> walk(Store on, ChannelId channel) {
        List<Message> messages = new ArrayList<>();
        MessageId after = BEFORE_ALL;
        while (true) {
            MessageLookup lookup = lookup(on, channel, after);
            if (lookup.message().isEmpty()) {
                return messages;
            }
            Message message = lookup.message().orElseThrow();
            assertThat(lookup.gap()).as("nothing is dropped within the retention limits, so there is no gap").isFalse();
            assertThat(message.id()).as("firstMessageAfter answers a message whose id is greater than %s", after).isGreaterThan(after);
            assertThat(messages.size()).as("a walk ends").isLessThan(WALK_LIMIT);
            messages.add(message);
            after = message.id();
        }
    }

    // ---- concurrency

    private List<PostResult> postConcurrently(List<Store> stores, ChannelId channel, int posts, int threads) {
        CountDownLatch start = new CountDownLatch(1);
        return postConcurrently(stores, channel, posts, threads, start);
    }

    /**
     * Sends post i, with body "message i", through {@code stores.get(i % stores.size())} from
     * {@code threads} threads at once, all released together by counting down {@code start}.
     *
     * @return the results, in the order of i
     */
    private List<PostResult> postConcurrently(List<Store> stores, ChannelId channel, int posts, int threads, CountDownLatch start) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Optional<PostResult>>> calls = new ArrayList<>();
            for (int i = 0; i < posts; i++) {
                Store on = stores.get(i % stores.size());
                ByteBuffer body = ByteBuffer.wrap(bytes("message " + i));
                calls.add(CompletableFuture.supplyAsync(() -> {
                    awaitLatch(start);
                    return on.post(channel, TEXT, body, PostOptions.DEFAULT);
                }, pool).thenCompose(stage -> stage));
            }
            start.countDown();
            List<PostResult> results = new ArrayList<>();
            for (int i = 0; i < posts; i++) {
                Optional<PostResult> posted = await(format("concurrent post %s to %s", i, channel), calls.get(i));
                assertThat(posted).as("a post with createChannel=true always stores the message").isPresent();
                results.add(posted.orElseThrow());
            }
            return results;
        }
        finally {
            pool.shutdownNow();
        }
    }

    private void assertAllStoredInOrder(Store on, ChannelId channel, List<PostResult> posted) {
        Set<MessageId> distinct = new HashSet<>();
        for (PostResult result : posted) {
            assertThat(distinct.add(result.message().id()))
                    .as("two posts to one channel never get the same id (%s)", result.message().id())
                    .isTrue();
        }
        List<Message> stored = walk(on, channel);
        assertThat(stored).as("every posted message is stored, and walking finds each once").hasSameSizeAs(posted);
        for (PostResult result : posted) {
            assertThat(stored)
                    .as("message \"%s\" is stored under the id its post answered", text(result.message()))
                    .contains(result.message());
        }
        assertIdsFollowOneAnother(stored.stream().map(Message::id).toList());
        MessageId newest = stored.get(stored.size() - 1).id();
        assertThat(channelInfo(on, channel))
                .as("the channel information counts every message and names the newest")
                .contains(new ChannelInfo(channel, posted.size(), 0, Optional.of(newest)));
    }

    private static void assertIdsFollowOneAnother(List<MessageId> ids) {
        for (int i = 1; i < ids.size(); i++) {
            MessageId previous = ids.get(i - 1);
            MessageId id = ids.get(i);
            assertThat(id).as("ids never go backwards: %s after %s", id, previous).isGreaterThan(previous);
            assertThat(id)
                    .as("an id follows the one before (same second: next tag; new second: tag 0): %s after %s", id, previous)
                    .isEqualTo(MessageId.following(previous, id.time()));
        }
    }

    private static List<PostResult> everyOther(List<PostResult> posted, int first) {
        List<PostResult> chosen = new ArrayList<>();
        for (int i = first; i < posted.size(); i += 2) {
            chosen.add(posted.get(i));
        }
        return chosen;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before posting", e);
        }
    }

    // ---- the stores and channels of one test

    private boolean shared() {
        return capabilities().contains(StoreCapability.SHARED_ACROSS_NODES);
    }

    private Store openStore() {
        StandaloneStoreContext context = new StandaloneStoreContext("default", "hbpush.store.default");
        Store created;
        try {
            created = provider.create(new MapStoreOptions(provider, options()), context);
        }
        catch (StoreUnavailableException e) {
            context.close();
            throw backendUnavailable("creating the store", e);
        }
        catch (RuntimeException | Error e) {
            context.close();
            throw e;
        }
        assertThat(created).as("StoreProvider.create never answers null").isNotNull();
        openedStores.add(new OpenedStore(created, context));
        probeBackend(created);
        return created;
    }

    /** Fails at once, saying how to start the backend, rather than in every assertion of the test. */
    private void probeBackend(Store probed) {
        ChannelId probe = newChannel("probe");
        CompletableFuture<Optional<ChannelInfo>> answer = new CompletableFuture<>();
        probed.channelInfo(probe).whenComplete((value, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            }
            else {
                answer.complete(value);
            }
        });
        try {
            answer.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException e) {
            throw new AssertionError(format("the %s store did not answer channelInfo within %s: is its backend running? %s",
                    provider.type(), timeout(), howToStartBackend()), e);
        }
        catch (ExecutionException e) {
            throw backendUnavailable("channelInfo", e.getCause());
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while checking the backend", e);
        }
    }

    /** Closes every store of this test, as a stopping server would, and opens a new one on the same options. */
    private void reopenStore() {
        closeOpenedStores();
        store = openStore();
    }

    private ChannelId ownChannel(byte[] bytes) {
        ChannelId channel = ChannelId.of(bytes);
        usedChannels.add(channel);
        return channel;
    }

    private void deleteUsedChannels() {
        // A courtesy to backends shared with other suites; the test itself reports what went wrong.
        for (OpenedStore opened : openedStores) {
            for (ChannelId channel : usedChannels) {
                try {
                    opened.store().deleteChannel(channel).toCompletableFuture().get(timeout().toMillis(), TimeUnit.MILLISECONDS);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                catch (Exception e) {
                    return;
                }
            }
        }
    }

    private void closeOpenedStores() {
        AssertionError failure = null;
        for (int i = openedStores.size() - 1; i >= 0; i--) {
            try {
                openedStores.get(i).close();
            }
            catch (RuntimeException | AssertionError e) {
                if (failure == null) {
                    failure = new AssertionError("closing a store failed: " + e, e);
                }
                else {
                    failure.addSuppressed(e);
                }
            }
        }
        openedStores.clear();
        if (failure != null) {
            throw failure;
        }
    }

    private AssertionError backendUnavailable(String action, Throwable cause) {
        return new AssertionError(format("the %s store's backend is unavailable (%s failed: %s). %s",
                provider.type(), action, cause.getMessage(), howToStartBackend()), cause);
    }

    private record OpenedStore(Store store, StandaloneStoreContext context) {
        void close() {
            try {
                store.close();
                assertThat(context.scheduler().isShutdown())
                        .as("a store must not shut down the scheduler the server lends it")
                        .isFalse();
            }
            finally {
                context.close();
            }
        }
    }

    // ---- bytes and text

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static String text(Message message) {
        return new String(message.bodyBytes(), UTF_8);
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map(StoreContractTest::text).toList();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private static List<String> serviceLines(URL serviceFile) throws IOException {
        try (InputStream input = serviceFile.openStream();
                BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
            List<String> lines = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int comment = line.indexOf('#');
                String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
                if (!name.isEmpty()) {
                    lines.add(name);
                }
            }
            return lines;
        }
    }
}
