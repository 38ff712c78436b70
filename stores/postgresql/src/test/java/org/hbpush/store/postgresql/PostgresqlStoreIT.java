package org.hbpush.store.postgresql;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostOptions;
import org.hbpush.api.PostResult;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.Retention;
import org.hbpush.api.Store;
import org.hbpush.api.StoreListener;
import org.hbpush.api.StoreUnavailableException;
import org.hbpush.store.tck.MapStoreOptions;
import org.hbpush.store.tck.StandaloneStoreContext;
import org.hbpush.testing.PostgresqlServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/** What the contract suite cannot see: the tables, the NOTIFY payload limit, outages and dead nodes. */
class PostgresqlStoreIT {
    private static final String DATABASE = "hbpush_store";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static PostgresqlServerProcess postgresql;

    private final String prefix = "it_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "_";
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startPostgresql() {
        postgresql = PostgresqlServerProcess.start();
        postgresql.createDatabase(DATABASE);
    }

    @AfterAll
    static void stopPostgresql() {
        if (postgresql != null) {
            postgresql.close();
        }
    }

    @AfterEach
    void closeStores() throws Exception {
        postgresql.startAgain();
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    @DisplayName("nodes starting together create the tables once, without racing")
    void nodesStartingTogetherCreateTheTablesOnce() throws Exception {
        List<CompletableFuture<Optional<ChannelInfo>>> first = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            first.add(openStore(Map.of()).channelInfo(ChannelId.of("nothing")).toCompletableFuture());
        }
        for (CompletableFuture<Optional<ChannelInfo>> answer : first) {
            assertThat(answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEmpty();
        }
        assertThat(queryLong("SELECT count(*) FROM " + prefix + "schema_version")).as("each version recorded once").isEqualTo(Schema.VERSION);
    }

    @Test
    @DisplayName("tables of schema version 1 are upgraded in place: their messages are counted, then kept counted")
    void upgradesVersionOneTables() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : new Schema(new TableNames(prefix), LoggerFactory.getLogger(PostgresqlStoreIT.class)).statements(1)) {
                statement.execute(sql);
            }
            // What a version 1 node leaves: a channel with three messages, the newest (1000, 2).
            statement.execute("INSERT INTO " + prefix + "channels (channel, last_time, last_tag) VALUES ('\\x6f6c64'::bytea, 1000, 2)");
            statement.execute("INSERT INTO " + prefix + "messages (channel_id, id_time, id_tag, content_type, body) "
                    + "SELECT id, 1000, tag, 'text/plain', 'old'::bytea FROM " + prefix + "channels, generate_series(0, 2) tag");
        }
        Store store = openStore(Map.of());
        ChannelId channel = ChannelId.of("old");

        assertThat(await(store.channelInfo(channel).toCompletableFuture()).orElseThrow().storedMessages())
                .as("the messages written before the upgrade are counted").isEqualTo(3);
        PostResult posted = await(store.post(channel, "text/plain", ByteBuffer.wrap(bytes("new")),
                new PostOptions(false, new Retention(3, Duration.ZERO, true))).toCompletableFuture()).orElseThrow();
        assertThat(posted.channel().storedMessages()).as("a post past the buffer keeps the count at the buffer's length").isEqualTo(3);
        assertThat(queryLong("SELECT count(*) FROM " + prefix + "messages")).as("the oldest old message is dropped").isEqualTo(3);
        assertThat(queryLong("SELECT max(version) FROM " + prefix + "schema_version")).isEqualTo(Schema.VERSION);
    }

    @Test
    @DisplayName("a channel count gone too high (rows deleted by hand) is counted again at the next post past the buffer")
    void aCountTooHighIsCountedAgain() throws Exception {
        Store store = openStore(Map.of());
        ChannelId channel = ChannelId.of("recount");
        PostOptions keepFive = new PostOptions(true, new Retention(5, Duration.ZERO, true));
        for (int i = 0; i < 3; i++) {
            await(store.post(channel, "text/plain", ByteBuffer.wrap(bytes("m" + i)), keepFive).toCompletableFuture());
        }
        execute("DELETE FROM " + prefix + "messages WHERE (id_time, id_tag) = (SELECT id_time, id_tag FROM " + prefix
                + "messages ORDER BY id_time, id_tag LIMIT 1)");
        execute("UPDATE " + prefix + "channels SET message_count = 40");

        PostResult posted = await(store.post(channel, "text/plain", ByteBuffer.wrap(bytes("m3")), keepFive).toCompletableFuture()).orElseThrow();
        assertThat(posted.channel().storedMessages()).as("the rows, not the stale count").isEqualTo(3);
        assertThat(queryLong("SELECT message_count FROM " + prefix + "channels")).isEqualTo(3);
    }

    @Test
    @DisplayName("a store opened while PostgreSQL is down fails fast with a reason, then serves once PostgreSQL is up")
    void startsWhilePostgresqlIsDown() throws Exception {
        postgresql.stop();
        Store store = openStore(Map.of("password", "not-shown"));
        ChannelId channel = ChannelId.of("outage");

        Throwable failure = failureOf(store.channelInfo(channel).toCompletableFuture());
        assertThat(failure).isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("postgresql://127.0.0.1:" + postgresql.port() + "/" + DATABASE + " is unreachable: ")
                .hasMessageNotContaining("not-shown");
        long start = System.nanoTime();
        assertThat(failureOf(store.post(channel, "text/plain", ByteBuffer.wrap(bytes("x")), PostOptions.DEFAULT).toCompletableFuture()))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("known down: fails without waiting connect_timeout").isLessThan(Duration.ofMillis(900));

        postgresql.startAgain();
        awaitTrue(() -> succeeds(store.createChannel(channel).toCompletableFuture()), "the store serves once PostgreSQL is up");
        assertThat(store.channelInfo(channel).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isPresent();
    }

    @Test
    @DisplayName("the listening connection comes back after a PostgreSQL restart, says events may have been missed, and hears posts again")
    void listenerReconnects() throws Exception {
        Store listening = openStore(Map.of());
        Store posting = openStore(Map.of());
        Recording recording = new Recording();
        listening.listen(recording);
        ChannelId channel = ChannelId.of("reconnect");
        await(listening.createChannel(channel).toCompletableFuture());
        awaitTrue(() -> recording.missed.get() >= 1, "the first LISTEN tells that events may have been missed");
        int before = recording.missed.get();

        postgresql.stop();
        postgresql.startAgain();
        awaitTrue(() -> recording.missed.get() > before, "listening again tells that events may have been missed");

        PostResult posted = awaitValue(() -> posting.post(channel, "text/plain", ByteBuffer.wrap(bytes("after")), PostOptions.DEFAULT)
                .toCompletableFuture()).orElseThrow();
        awaitTrue(() -> recording.heard(posted.message().id().toString()), "a post after the restart is heard on the other node");
    }

    @Test
    @DisplayName("a dead node's waiting subscribers stop counting after node_timeout")
    void deadNodesAgeOut() throws Exception {
        Store store = openStore(Map.of("node_timeout", "3s"));
        ChannelId channel = ChannelId.of("dead-node");
        await(store.createChannel(channel).toCompletableFuture());
        await(store.addWaitingSubscribers(channel, 1).toCompletableFuture());
        execute("INSERT INTO " + prefix + "nodes (node_id, heartbeat_at) VALUES ('dead', now() - interval '4 seconds')");
        execute("INSERT INTO " + prefix + "waiting_subscribers (channel_id, node_id, subscribers) "
                + "SELECT id, 'dead', 5 FROM " + prefix + "channels WHERE channel = '\\x" + channel.toHex() + "'");
        assertThat(await(store.channelInfo(channel).toCompletableFuture()).orElseThrow().waitingSubscribers())
                .as("a node silent for longer than node_timeout does not count")
                .isEqualTo(1);

        execute("UPDATE " + prefix + "nodes SET heartbeat_at = now() WHERE node_id = 'dead'");
        assertThat(await(store.channelInfo(channel).toCompletableFuture()).orElseThrow().waitingSubscribers())
                .as("a node that heartbeats counts")
                .isEqualTo(6);
    }

    @Test
    @DisplayName("a message too large for NOTIFY reaches the other nodes: read from the table, or relayed when it is not stored")
    void largeMessagesReachOtherNodes() throws Exception {
        Store posting = openStore(Map.of());
        Store other = openStore(Map.of());
        Recording recording = new Recording();
        other.listen(recording);
        ChannelId channel = ChannelId.of("large");
        byte[] large = new byte[7000];
        ThreadLocalRandom.current().nextBytes(large);

        PostResult stored = await(posting.post(channel, "application/octet-stream", ByteBuffer.wrap(large), PostOptions.DEFAULT).toCompletableFuture()).orElseThrow();
        awaitTrue(() -> recording.heard(stored.message().id().toString()), "a large stored message is told");
        assertThat(recording.posted(stored.message().id().toString()).message()).as("too large to travel: read from the table").isEmpty();

        PostResult live = await(posting.post(channel, "application/octet-stream", ByteBuffer.wrap(large), new PostOptions(true, Retention.NONE))
                .toCompletableFuture()).orElseThrow();
        awaitTrue(() -> recording.heard(live.message().id().toString()), "a large message that is not stored is told");
        PostedMessage relayed = recording.posted(live.message().id().toString());
        assertThat(relayed.stored()).isFalse();
        assertThat(relayed.message()).as("a message that is not stored travels whole, through a relayed row").contains(live.message());
    }

    @Test
    @DisplayName("expired messages are deleted from the table by the periodic task, and the newest dropped id is recorded")
    void expiredRowsAreDeleted() throws Exception {
        Store store = openStore(Map.of());
        ChannelId channel = ChannelId.of("expiry");
        PostResult posted = await(store.post(channel, "text/plain", ByteBuffer.wrap(bytes("brief")),
                new PostOptions(true, new Retention(10, Duration.ofMillis(500), true))).toCompletableFuture()).orElseThrow();
        awaitTrue(() -> queryLong("SELECT count(*) FROM " + prefix + "messages") == 0, "the expired row is deleted without a request");
        assertThat(queryLong("SELECT dropped_time * 1000000 + dropped_tag FROM " + prefix + "channels"))
                .isEqualTo(posted.message().id().time() * 1_000_000 + posted.message().id().tag());
        assertThat(queryLong("SELECT message_count FROM " + prefix + "channels")).as("the deleted row is counted off").isZero();
    }

    @Test
    @DisplayName("a post answers the channel's information as a read after it tells it, whichever way the post is written")
    void aPostAnswersTheChannelsInformation() throws Exception {
        Store store = openStore(Map.of());
        Store other = openStore(Map.of());
        ChannelId channel = ChannelId.of("post-info");
        PostOptions keepTen = new PostOptions(true, new Retention(10, Duration.ZERO, true));
        List<PostResult> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            first.add(await(store.post(channel, "text/plain", ByteBuffer.wrap(bytes("m" + i)), keepTen).toCompletableFuture()).orElseThrow());
        }
        // Expired, and never swept: the sweeper drops only what is older than every live message.
        execute("UPDATE " + prefix + "messages SET expires_at = now() - interval '1 hour' WHERE (id_time, id_tag) > ("
                + first.get(0).message().id().time() + ", " + first.get(0).message().id().tag() + ")");
        await(store.addWaitingSubscribers(channel, 2).toCompletableFuture());
        await(other.addWaitingSubscribers(channel, 3).toCompletableFuture());

        PostResult stored = await(store.post(channel, "text/plain", ByteBuffer.wrap(bytes("stored")), keepTen).toCompletableFuture()).orElseThrow();
        assertThat(stored.channel()).as("the expired messages are left out, every node's subscribers counted")
                .isEqualTo(new ChannelInfo(channel, 2, 5, Optional.of(stored.message().id())))
                .isEqualTo(await(store.channelInfo(channel).toCompletableFuture()).orElseThrow())
                .isEqualTo(await(other.channelInfo(channel).toCompletableFuture()).orElseThrow());

        PostResult live = await(store.post(channel, "text/plain", ByteBuffer.wrap(bytes("live")), new PostOptions(true, Retention.NONE))
                .toCompletableFuture()).orElseThrow();
        assertThat(live.channel()).as("a message that is not stored is not counted, yet is the channel's last")
                .isEqualTo(new ChannelInfo(channel, 2, 5, Optional.of(live.message().id())))
                .isEqualTo(await(other.channelInfo(channel).toCompletableFuture()).orElseThrow());

        PostResult trimming = await(store.post(channel, "text/plain", ByteBuffer.wrap(bytes("trim")),
                new PostOptions(true, new Retention(2, Duration.ZERO, true))).toCompletableFuture()).orElseThrow();
        assertThat(trimming.channel()).as("a post past the buffer, whose trim drops expired messages too, tells the same")
                .isEqualTo(new ChannelInfo(channel, 2, 5, Optional.of(trimming.message().id())))
                .isEqualTo(await(other.channelInfo(channel).toCompletableFuture()).orElseThrow());
    }

    @Test
    @DisplayName("posts to a full channel keep its newest maxMessages messages, answer what a read tells, and a reader behind is told of the gap")
    void postsToAFullChannelKeepTheNewest() throws Exception {
        Store store = openStore(Map.of());
        Store other = openStore(Map.of());
        Recording there = new Recording();
        other.listen(there);
        ChannelId channel = ChannelId.of("full");
        // Ready, so listening: the other node hears the first post.
        await(other.channelInfo(channel).toCompletableFuture());
        PostOptions keepThree = new PostOptions(true, new Retention(3, Duration.ZERO, true));
        List<PostResult> posted = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            PostResult result = await(store.post(channel, "text/plain", ByteBuffer.wrap(bytes("m" + i)), keepThree).toCompletableFuture()).orElseThrow();
            assertThat(result.channel()).as("post %s answers the channel's information as a read after it tells it", i)
                    .isEqualTo(new ChannelInfo(channel, Math.min(i + 1, 3), 0, Optional.of(result.message().id())))
                    .isEqualTo(await(other.channelInfo(channel).toCompletableFuture()).orElseThrow());
            posted.add(result);
        }

        assertThat(queryLong("SELECT count(*) FROM " + prefix + "messages")).as("exactly the buffer's length is kept").isEqualTo(3);
        assertThat(walk(store, channel)).as("the newest three, in order").containsExactly(
                posted.get(7).message(), posted.get(8).message(), posted.get(9).message());
        assertThat(firstAfter(store, channel, posted.get(0).message().id()))
                .as("a reader that missed dropped messages gets the oldest kept, marked as a gap")
                .isEqualTo(MessageLookup.foundAfterGap(posted.get(7).message()));
        assertThat(firstAfter(store, channel, posted.get(6).message().id()))
                .as("a reader that has the newest dropped message missed nothing")
                .isEqualTo(MessageLookup.found(posted.get(7).message()));

        awaitTrue(() -> there.heard(posted.get(9).message().id().toString()), "the other node hears the posts");
        List<PostedMessage> told = new ArrayList<>();
        MessageId previous = MessageId.BEFORE_ALL;
        for (PostResult result : posted) {
            told.add(new PostedMessage(result.message().id(), previous, Optional.of(result.message()), true));
            previous = result.message().id();
        }
        assertThat(there.posted).as("each post is told with its message and the id before it, trimming or not").containsExactlyElementsOf(told);

        PostResult live = await(store.post(channel, "text/plain", ByteBuffer.wrap(bytes("live")), new PostOptions(true, Retention.NONE))
                .toCompletableFuture()).orElseThrow();
        assertThat(live.channel()).as("a message that is not stored drops nothing from a full channel")
                .isEqualTo(new ChannelInfo(channel, 3, 0, Optional.of(live.message().id())))
                .isEqualTo(await(other.channelInfo(channel).toCompletableFuture()).orElseThrow());
        assertThat(walk(store, channel)).containsExactly(posted.get(7).message(), posted.get(8).message(), posted.get(9).message());
    }

    @Test
    @DisplayName("a channel that keeps one message keeps the newest, and a reader two behind is told of the gap")
    void aBufferOfOneKeepsTheNewest() throws Exception {
        Store store = openStore(Map.of());
        ChannelId channel = ChannelId.of("keep-one");
        PostOptions keepOne = new PostOptions(true, new Retention(1, Duration.ZERO, true));
        List<PostResult> posted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            PostResult result = await(store.post(channel, "text/plain", ByteBuffer.wrap(bytes("m" + i)), keepOne).toCompletableFuture()).orElseThrow();
            assertThat(result.channel()).as("post %s", i)
                    .isEqualTo(new ChannelInfo(channel, 1, 0, Optional.of(result.message().id())))
                    .isEqualTo(await(store.channelInfo(channel).toCompletableFuture()).orElseThrow());
            posted.add(result);
        }

        assertThat(queryLong("SELECT count(*) FROM " + prefix + "messages")).isEqualTo(1);
        assertThat(walk(store, channel)).containsExactly(posted.get(3).message());
        assertThat(firstAfter(store, channel, posted.get(1).message().id())).isEqualTo(MessageLookup.foundAfterGap(posted.get(3).message()));
        assertThat(firstAfter(store, channel, posted.get(2).message().id())).isEqualTo(MessageLookup.found(posted.get(3).message()));
        assertThat(firstAfter(store, channel, posted.get(3).message().id())).isEqualTo(MessageLookup.nothingNewer());
    }

    @Test
    @DisplayName("another node hears each post once, in order, stored or not")
    void anotherNodeHearsEachPostOnce() throws Exception {
        Store posting = openStore(Map.of());
        Store other = openStore(Map.of());
        Recording here = new Recording();
        Recording there = new Recording();
        posting.listen(here);
        other.listen(there);
        ChannelId channel = ChannelId.of("heard-once");

        List<String> ids = new ArrayList<>();
        for (PostOptions options : List.of(PostOptions.DEFAULT, new PostOptions(true, Retention.NONE), PostOptions.DEFAULT)) {
            ids.add(await(posting.post(channel, "text/plain", ByteBuffer.wrap(bytes("once")), options).toCompletableFuture())
                    .orElseThrow().message().id().toString());
        }
        // A fence: PostgreSQL delivers notifications in commit order, so a copy of an earlier one would come before it.
        String fence = await(posting.post(channel, "text/plain", ByteBuffer.wrap(bytes("fence")), PostOptions.DEFAULT).toCompletableFuture())
                .orElseThrow().message().id().toString();
        awaitTrue(() -> there.heard(fence), "the other node hears the posts");
        ids.add(fence);

        assertThat(there.posted).extracting(message -> message.id().toString()).as("each post once, in order").containsExactlyElementsOf(ids);
        assertThat(there.posted).allSatisfy(message -> assertThat(message.message()).as("the message travels with its event").isPresent());
        assertThat(here.posted).extracting(message -> message.id().toString()).as("and once on the posting node").containsExactlyElementsOf(ids);
    }

    @Test
    @DisplayName("a post to an existing channel takes three round trips: the lock, one statement, the COMMIT; also one that trims a full channel")
    void aPostTakesThreeRoundTrips() throws Exception {
        RoundTripProxy proxy = RoundTripProxy.start(postgresql.host(), postgresql.port());
        opened.add(proxy);
        Store store = openStore(Map.of("host", proxy.host(), "port", Integer.toString(proxy.port())));
        ChannelId channel = ChannelId.of("round-trips");
        await(store.post(channel, "text/plain", ByteBuffer.wrap(bytes("creates")), PostOptions.DEFAULT).toCompletableFuture());

        RoundTripProxy.Transaction post = countedPost(proxy, store, channel, PostOptions.DEFAULT);
        assertThat(post.roundTrips()).as("the post's round trips, with their statements").hasSize(3);

        ChannelId full = ChannelId.of("round-trips-full");
        PostOptions keepTwo = new PostOptions(true, new Retention(2, Duration.ZERO, true));
        for (int i = 0; i < 2; i++) {
            await(store.post(full, "text/plain", ByteBuffer.wrap(bytes("fills")), keepTwo).toCompletableFuture());
        }
        RoundTripProxy.Transaction trimming = countedPost(proxy, store, full, keepTwo);
        assertThat(trimming.ran("DELETE FROM")).as("the post trims the full channel").isTrue();
        assertThat(trimming.roundTrips()).as("the trimming post's round trips, with their statements").hasSize(3);
    }

    // ---- helpers

    /** The transaction of one post through the proxy: the one that ran pg_notify. */
    private static RoundTripProxy.Transaction countedPost(RoundTripProxy proxy, Store store, ChannelId channel, PostOptions options)
            throws Exception {
        int before = proxy.transactions().size();
        await(store.post(channel, "text/plain", ByteBuffer.wrap(bytes("counted")), options).toCompletableFuture());
        List<RoundTripProxy.Transaction> transactions = proxy.transactions();
        List<RoundTripProxy.Transaction> posts = transactions.subList(before, transactions.size()).stream()
                .filter(transaction -> transaction.ran("pg_notify")).toList();
        assertThat(posts).hasSize(1);
        return posts.get(0);
    }

    private static MessageLookup firstAfter(Store store, ChannelId channel, MessageId after) throws Exception {
        return await(store.firstMessageAfter(channel, after).toCompletableFuture()).orElseThrow();
    }

    /** Every message of the channel, the way a subscriber sending back each id walks it. */
    private static List<Message> walk(Store store, ChannelId channel) throws Exception {
        List<Message> messages = new ArrayList<>();
        MessageId after = MessageId.BEFORE_ALL;
        while (true) {
            Optional<Message> next = firstAfter(store, channel, after).message();
            if (next.isEmpty() || messages.size() > 100) {
                return messages;
            }
            messages.add(next.get());
            after = next.get().id();
        }
    }

    private Store openStore(Map<String, String> extra) {
        Map<String, String> options = new HashMap<>(Map.of(
                "host", postgresql.host(),
                "port", Integer.toString(postgresql.port()),
                "database", DATABASE,
                "user", PostgresqlServerProcess.USER,
                "table_prefix", prefix,
                "connect_timeout", "1s"));
        options.putAll(extra);
        StandaloneStoreContext context = new StandaloneStoreContext("default", "org.hbpush.store.default");
        opened.add(context);
        PostgresqlStoreProvider provider = new PostgresqlStoreProvider();
        Store store = provider.create(new MapStoreOptions(provider, options), context);
        opened.add(store);
        return store;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Repeats an action until it succeeds (PostgreSQL coming back), bounded by the timeout. */
    private static <T> T awaitValue(java.util.function.Supplier<CompletableFuture<T>> action) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                return await(action.get());
            }
            catch (ExecutionException e) {
                if (System.nanoTime() > deadline || !(e.getCause() instanceof StoreUnavailableException)) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws Exception {
        try {
            future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        catch (ExecutionException e) {
            return e.getCause() instanceof CompletionException wrapped ? wrapped.getCause() : e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static boolean succeeds(CompletableFuture<?> future) {
        try {
            future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return true;
        }
        catch (ExecutionException e) {
            return false;
        }
        catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + TIMEOUT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }

    private long queryLong(String sql) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
        catch (SQLException e) {
            throw new AssertionError(sql + " failed", e);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgresql.jdbcUrl(DATABASE), PostgresqlServerProcess.USER, "");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    /** Writes down what it hears, for tests that wait with a bounded poll. */
    private static final class Recording implements StoreListener {
        final AtomicInteger missed = new AtomicInteger();
        final List<PostedMessage> posted = new CopyOnWriteArrayList<>();

        @Override
        public void messagePosted(ChannelId channel, PostedMessage message) {
            posted.add(message);
        }

        @Override
        public void channelDeleted(ChannelId channel) {
        }

        @Override
        public void eventsMayHaveBeenMissed() {
            missed.incrementAndGet();
        }

        boolean heard(String id) {
            return posted.stream().anyMatch(message -> message.id().toString().equals(id));
        }

        PostedMessage posted(String id) {
            return posted.stream().filter(message -> message.id().toString().equals(id)).findFirst().orElseThrow();
        }
    }
}
