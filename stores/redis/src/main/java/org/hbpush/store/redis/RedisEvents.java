package org.hbpush.store.redis;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import org.hbpush.api.StoreListeners;
import org.slf4j.Logger;

import static java.util.Objects.requireNonNull;

/**
 * Hears the store's pub/sub channel: the events of every node, told to this store's listeners.
 * Its own events this store instance told already, when their script answered; it skips them.
 *
 * <p>Every (re)subscription is reported to {@code onSubscribed}: events published while the
 * subscription was down are lost, so the store then asks its listeners to read again.
 */
final class RedisEvents extends RedisPubSubAdapter<byte[], byte[]> {
    private final String instance;
    private final StoreListeners listeners;
    private final WaitingCounts waitingCounts;
    private final Runnable onSubscribed;
    private final Logger log;

    RedisEvents(String instance, StoreListeners listeners, WaitingCounts waitingCounts, Runnable onSubscribed, Logger log) {
        this.instance = requireNonNull(instance, "instance is null");
        this.listeners = requireNonNull(listeners, "listeners is null");
        this.waitingCounts = requireNonNull(waitingCounts, "waitingCounts is null");
        this.onSubscribed = requireNonNull(onSubscribed, "onSubscribed is null");
        this.log = requireNonNull(log, "log is null");
    }

    @Override
    public void message(byte[] channel, byte[] payload) {
        StoreEvent event;
        try {
            event = StoreEvent.decode(payload);
        }
        catch (IllegalArgumentException e) {
            log.warn("ignoring a message on the events channel that is not an hbpush event: {}", e.getMessage());
            return;
        }
        if (event.source().equals(instance)) {
            return;
        }
        if (event instanceof StoreEvent.Posted posted) {
            listeners.messagePosted(posted.channel(), posted.posted());
        }
        else if (event instanceof StoreEvent.Deleted deleted) {
            waitingCounts.channelDeleted(deleted.channel());
            listeners.channelDeleted(deleted.channel());
        }
        else if (event instanceof StoreEvent.Claimed claimed) {
            listeners.channelClaimed(claimed.channel(), claimed.claimant());
        }
    }

    @Override
    public void subscribed(byte[] channel, long count) {
        onSubscribed.run();
    }
}
