package org.hbpush.store.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostOptions;
import org.hbpush.api.PostResult;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.Store;
import org.hbpush.api.StoreListener;
import org.hbpush.api.StoreUnavailableException;
import org.hbpush.store.tck.MapStoreOptions;
import org.hbpush.store.tck.StandaloneStoreContext;
import org.hbpush.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the redis store adds to the contract: its keys, its faults and recovery, and its per-node counts. */
class RedisStoreIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private RedisServerProcess redis;
    private String keyPrefix;

    @BeforeEach
    void startRedis() {
        redis = RedisServerProcess.start();
        keyPrefix = "store-it-" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        redis.close();
    }

    @Test
    @DisplayName("every key is under key_prefix, named by the channel id's bytes in hex")
    void keysAreUnderThePrefix() throws Exception {
        Store store = open(Map.of());
        ChannelId binary = ChannelId.of(new byte[] {'a', 0, '\n', (byte) 0xff});
        await(store.post(binary, "text/plain", body("hello"), PostOptions.DEFAULT));
        await(store.addWaitingSubscribers(binary, 1));

        List<String> keys = keys();
        assertThat(keys).allMatch(key -> key.startsWith(keyPrefix));
        assertThat(keys).contains(keyPrefix + "channel:61000aff", keyPrefix + "messages:61000aff", keyPrefix + "waiting:61000aff");
        assertThat(redis.call("XLEN", keyPrefix + "messages:61000aff")).isEqualTo(1L);
    }

    @Test
    @DisplayName("with Redis down, stages fail fast with StoreUnavailableException naming the server, and serve again when it is back")
    void failsFastWhileDownAndRecovers() throws Exception {
        Store store = open(Map.of("command_timeout", "5s"));
        ChannelId channel = ChannelId.of("faults");
        await(store.createChannel(channel));
        redis.stop();

        long start = System.nanoTime();
        Throwable failure = failure(store.channelInfo(channel));
        assertThat(failure).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("redis at 127.0.0.1:" + redis.port());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no waiting for the command timeout while disconnected").isLessThan(Duration.ofSeconds(2));

        redis.startAgain();
        assertThat(eventually(() -> store.channelInfo(channel))).map(ChannelInfo::channel).contains(channel);
    }

    @Test
    @DisplayName("a store made while Redis is down returns at once and serves once Redis is up")
    void startsWhileRedisIsDown() throws Exception {
        redis.stop();
        Store store = open(Map.of());
        assertThat(failure(store.createChannel(ChannelId.of("early")))).isInstanceOf(StoreUnavailableException.class);
        redis.startAgain();
        assertThat(eventually(() -> store.createChannel(ChannelId.of("early"))).storedMessages()).isZero();
    }

    @Test
    @DisplayName("a wrong password is 503 with a reason that does not show it")
    void wrongPasswordIsUnavailableWithoutTheSecret() throws Exception {
        redis.call("CONFIG", "SET", "requirepass", "right-secret");
        Store store = open(Map.of("password", "wrong-secret"));
        Throwable failure = failure(store.channelInfo(ChannelId.of("locked")));
        assertThat(failure).isInstanceOf(StoreUnavailableException.class);
        assertThat(failure.getMessage()).doesNotContain("secret");

        Store allowed = open(Map.of("password", "right-secret"));
        assertThat(await(allowed.channelInfo(ChannelId.of("locked")))).isEmpty();
    }

    @Test
    @DisplayName("after the events connection comes back the listeners are told to read again, and events flow again")
    void listenersAreToldAfterAReconnect() throws Exception {
        Store store = open(Map.of());
        Store other = open(Map.of());
        RecordingListener listener = new RecordingListener();
        store.listen(listener);
        ChannelId channel = ChannelId.of("reconnect");
        await(other.createChannel(channel));
        int toldBefore = listener.missed();

        redis.stop();
        redis.startAgain();
        listener.awaitMissed(toldBefore + 1);

        PostResult posted = eventually(() -> other.post(channel, "text/plain", body("after"), PostOptions.DEFAULT)).orElseThrow();
        assertThat(listener.awaitPosted(posted.message().id().toString()).message()).contains(posted.message());
    }

    @Test
    @DisplayName("the counts of a node whose heartbeat expired no longer count, and come back with its next heartbeat")
    void aDeadNodesCountAgesOut() throws Exception {
        Store nodeA = open(Map.of());
        Store nodeB = open(Map.of());
        ChannelId channel = ChannelId.of("counted");
        await(nodeA.createChannel(channel));
        await(nodeA.addWaitingSubscribers(channel, 2));
        await(nodeB.addWaitingSubscribers(channel, 1));
        assertThat(await(nodeB.channelInfo(channel)).orElseThrow().waitingSubscribers()).isEqualTo(3);

        // As if node A had died: its heartbeat key is gone (expired), so its count no longer counts.
        List<String> heartbeats = keys().stream().filter(key -> key.startsWith(keyPrefix + "node:")).toList();
        assertThat(heartbeats).hasSize(2);
        for (String heartbeat : heartbeats) {
            redis.call("DEL", heartbeat);
        }
        assertThat(await(nodeB.channelInfo(channel)).orElseThrow().waitingSubscribers()).isZero();

        // Both nodes are alive in fact: their next heartbeat finds the key gone and writes their counts again.
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long waiting = 0;
        while (waiting != 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            waiting = await(nodeB.channelInfo(channel)).orElseThrow().waitingSubscribers();
        }
        assertThat(waiting).as("counts written again after the heartbeat found them lost").isEqualTo(3);
    }

    @Test
    @DisplayName("closing a store ends its heartbeat: its counts stop counting at once")
    void closingEndsTheHeartbeat() throws Exception {
        Store nodeA = open(Map.of());
        Store nodeB = open(Map.of());
        ChannelId channel = ChannelId.of("leaving");
        await(nodeA.createChannel(channel));
        await(nodeA.addWaitingSubscribers(channel, 2));
        nodeA.close();
        assertThat(await(nodeB.channelInfo(channel)).orElseThrow().waitingSubscribers()).isZero();
    }

    @Test
    @DisplayName("a crowd reading one channel after the same id is answered by a few scripts, not one per reader")
    void identicalReadsAreJoined() throws Exception {
        Store store = open(Map.of());
        ChannelId channel = ChannelId.of("crowd");
        PostResult posted = await(store.post(channel, "text/plain", body("for everyone"), PostOptions.DEFAULT)).orElseThrow();
        await(store.firstMessageAfter(channel, MessageId.BEFORE_ALL));
        redis.call("CONFIG", "RESETSTAT");

        int readers = 500;
        List<CompletableFuture<Optional<MessageLookup>>> answers = new ArrayList<>();
        for (int i = 0; i < readers; i++) {
            answers.add(store.firstMessageAfter(channel, MessageId.BEFORE_ALL).toCompletableFuture());
        }
        for (CompletableFuture<Optional<MessageLookup>> answer : answers) {
            assertThat(await(answer).orElseThrow().message()).contains(posted.message());
        }
        // Scripts sent while the crowd asked: one read at a time, the next for all that asked meanwhile
        // (and maybe a timer's script); a generous bound, as the crowd is asked from one thread.
        assertThat(scriptsRun()).isLessThan(readers / 10);
    }

    private Store open(Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(Map.of("host", redis.host(), "port", Integer.toString(redis.port()), "key_prefix", keyPrefix));
        options.putAll(extra);
        StandaloneStoreContext context = new StandaloneStoreContext("default", "hbpush.store.default");
        opened.add(context);
        Store store = new RedisStoreProvider().create(new MapStoreOptions(new RedisStoreProvider(), options), context);
        opened.add(store);
        return store;
    }

    private List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (Object key : (List<?>) redis.call("KEYS", "*")) {
            keys.add(new String((byte[]) key, StandardCharsets.UTF_8));
        }
        return keys;
    }

    /** EVAL and EVALSHA calls since the last CONFIG RESETSTAT. */
    private long scriptsRun() {
        String stats = new String((byte[]) redis.call("INFO", "commandstats"), StandardCharsets.UTF_8);
        Matcher calls = Pattern.compile("cmdstat_eval(?:sha)?:calls=(\\d+)").matcher(stats);
        long scripts = 0;
        while (calls.find()) {
            scripts += Long.parseLong(calls.group(1));
        }
        return scripts;
    }

    private static ByteBuffer body(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Throwable failure(CompletionStage<?> stage) throws Exception {
        try {
            await(stage);
        }
        catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the stage to fail");
    }

    /** Repeats the call, bounded, until it succeeds: the store reconnects by itself. */
    private static <T> T eventually(Supplier<CompletionStage<T>> call) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                return await(call.get());
            }
            catch (ExecutionException e) {
                if (!(e.getCause() instanceof StoreUnavailableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** Records what a store tells, so a test waits for it with a deadline. */
    private static final class RecordingListener implements StoreListener {
        private final List<PostedMessage> posted = new ArrayList<>();
        private int missed;

        @Override
        public synchronized void messagePosted(ChannelId channel, PostedMessage message) {
            posted.add(message);
            notifyAll();
        }

        @Override
        public void channelDeleted(ChannelId channel) {
        }

        @Override
        public synchronized void eventsMayHaveBeenMissed() {
            missed++;
            notifyAll();
        }

        synchronized int missed() {
            return missed;
        }

        synchronized void awaitMissed(int atLeast) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (missed < atLeast) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("eventsMayHaveBeenMissed was told " + missed + " times, expected " + atLeast);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        synchronized PostedMessage awaitPosted(String id) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                Optional<PostedMessage> found = posted.stream().filter(event -> event.id().toString().equals(id)).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no event for message " + id);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
