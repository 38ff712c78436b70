package org.hbpush.api;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where channels and their messages live; made by a {@link StoreProvider}.
 *
 * <h2>Threading</h2>
 * A store is used by many threads at once and must be thread-safe. No method may block its caller
 * on I/O: each returns a {@link CompletionStage} at once and completes it later, on any thread
 * (the caller's own thread is fine when the answer is at hand, as in a memory store). The server
 * calls these methods from its HTTP threads, which also serve every other request.
 *
 * <h2>Completion</h2>
 * Every returned stage completes exactly once. When the backend cannot be reached, complete it
 * exceptionally with {@link StoreUnavailableException}: the client gets 503 and the server tries
 * again on the next request, so the store must recover by itself once the backend is back. Any
 * other exception is a bug and gives 500.
 *
 * <h2>Message ids</h2>
 * {@link #post} assigns the id with {@link MessageId#following} from the channel's newest id,
 * atomically: two posts to one channel, from one node or from several sharing one backend, never
 * get the same id, and ids never go backwards. Each message is stored under its id; a subscriber
 * walks a channel with {@link #firstMessageAfter}.
 *
 * <h2>Events</h2>
 * After a message is stored or a channel deleted, the store tells every {@link StoreListener}
 * registered with {@link #listen}, on every node that shares the backend. The server holds its
 * long polls on these events, so a store that forgets one leaves subscribers waiting.
 *
 * <pre>{@code
 * store.post(channel, "text/plain", body, PostOptions.DEFAULT)
 *      .thenAccept(posted -> posted.ifPresent(result -> log.info("stored {}", result.message().id())));
 * }</pre>
 */
public interface Store extends AutoCloseable {
    /**
     * Creates the channel when it does not exist; does nothing when it does.
     *
     * @return the channel's information after the call
     */
    CompletionStage<ChannelInfo> createChannel(ChannelId channel);

    /**
     * The channel's information.
     *
     * @return empty when the channel does not exist
     */
    CompletionStage<Optional<ChannelInfo>> channelInfo(ChannelId channel);

    /**
     * Deletes the channel and all its messages, then tells the listeners with
     * {@link StoreListener#channelDeleted}.
     *
     * @return the channel's information just before it was deleted; empty when it did not exist
     */
    CompletionStage<Optional<ChannelInfo>> deleteChannel(ChannelId channel);

    /**
     * Stores a message under a new id (see "Message ids" above), applies the post's
     * {@link Retention} to the channel, then tells the listeners with
     * {@link StoreListener#messagePosted}. With {@code retention.storeMessages()} false the
     * message gets an id and is announced, but not kept.
     *
     * @param contentType the Content-Type the publisher sent
     * @param body        the bytes between position and limit; the store copies what it keeps
     *                    and must not change the buffer
     * @param options     whether to create a missing channel, and how long to keep the message
     * @return the stored message and the channel's information; empty when the channel does not
     *         exist and {@code options.createChannel()} is false
     */
    CompletionStage<Optional<PostResult>> post(ChannelId channel, String contentType, ByteBuffer body, PostOptions options);

    /**
     * The first stored message whose id is greater than {@code after}.
     *
     * <p>{@link MessageId#BEFORE_ALL} asks for the oldest stored message. An id older than the
     * oldest stored message also gets the oldest, and {@link MessageLookup#gap()} is true when
     * messages after {@code after} were dropped (by {@link Retention}). Expired messages are
     * never returned.
     *
     * @return empty when the channel does not exist
     */
    CompletionStage<Optional<MessageLookup>> firstMessageAfter(ChannelId channel, MessageId after);

    /**
     * Changes the count of long-poll subscribers waiting on the channel, which
     * {@link ChannelInfo#waitingSubscribers()} reports and {@link #post} uses. The server adds 1
     * when it holds a long poll and subtracts 1 when the poll ends; a shared store sums the counts
     * of every node. A change for a channel that does not exist is ignored, and a count never goes
     * below zero.
     */
    CompletionStage<Void> addWaitingSubscribers(ChannelId channel, int delta);

    /**
     * Tells every node that a subscriber now holds the channel alone ({@code subscriber_concurrency:
     * last}): every listener, on this node and, for a shared store, on every node, hears
     * {@link StoreListener#channelClaimed} and answers the subscribers it held there before 409.
     *
     * <p>The default does not reach other nodes: it fails with
     * {@link UnsupportedOperationException}, and the server then applies the claim on its own node
     * only. Every bundled store implements it; a shared store should.
     *
     * @param claimant an id of the claiming subscriber that orders claims: a later claim has a
     *                 greater id (see {@link StoreListener#channelClaimed})
     */
    default CompletionStage<Void> claimChannel(ChannelId channel, String claimant) {
        return CompletableFuture.failedFuture(
                new UnsupportedOperationException("this store does not tell other nodes of claims"));
    }

    /**
     * How many channels the store holds now, for the server's metrics location; empty when the
     * store cannot tell cheaply. It is asked on every scrape (every few seconds), on the scraping
     * thread: answer from memory at once, never with I/O or a scan of a backend. The default is
     * empty, and the server then exposes no channel count for the store.
     *
     * <pre>{@code
     * // a store that keeps its channels in a map
     * public OptionalLong channelCount() {
     *     return OptionalLong.of(channels.size());
     * }
     * }</pre>
     */
    default OptionalLong channelCount() {
        return OptionalLong.empty();
    }

    /**
     * How many messages the store keeps now over all its channels, for the server's metrics
     * location; empty when the store cannot tell cheaply. The same rules as
     * {@link #channelCount()}: asked on every scrape, answered from memory without I/O; the
     * default is empty.
     */
    default OptionalLong storedMessageCount() {
        return OptionalLong.empty();
    }

    /**
     * Registers a listener for the events of every channel, from this node and, for a shared
     * store, from every node. Callbacks may come on any thread and must be short: the server only
     * schedules work in them.
     *
     * @return closing it stops the events to this listener
     */
    Registration listen(StoreListener listener);

    /**
     * Releases the store's connections and threads. Stages still pending, and those of calls made
     * after closing, complete exceptionally with {@link StoreUnavailableException}. Called once,
     * when the server stops.
     */
    @Override
    void close();
}
