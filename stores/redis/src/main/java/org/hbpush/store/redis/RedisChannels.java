package org.hbpush.store.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.hbpush.api.ChannelId;
import org.hbpush.api.ChannelInfo;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;
import org.hbpush.api.MessageLookup;
import org.hbpush.api.PostOptions;
import org.hbpush.api.PostResult;
import org.hbpush.api.PostedMessage;
import org.hbpush.api.Retention;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * The store's operations as its Lua scripts, and the scripts' replies as hbpush values. Each
 * operation is one script run, atomic inside Redis; see the scripts for what they do.
 */
final class RedisChannels {
    private static final LuaScript POST = LuaScript.load("post.lua");
    private static final LuaScript CREATE = LuaScript.load("create.lua");
    private static final LuaScript INFO = LuaScript.load("info.lua");
    private static final LuaScript DELETE = LuaScript.load("delete.lua");
    private static final LuaScript READ = LuaScript.load("read.lua");
    private static final LuaScript COUNT = LuaScript.load("count.lua");
    private static final LuaScript EXPIRE = LuaScript.load("expire.lua");

    /** A stored message, what the post answers and the event that announces it. */
    record Posted(PostResult result, PostedMessage event) {
        Posted {
            requireNonNull(result, "result is null");
            requireNonNull(event, "event is null");
        }
    }

    private final RedisKeys keys;
    private final String instance;
    private final String nodeMember;
    private final Duration heartbeatTtl;

    /**
     * @param keys         the key names
     * @param instance     this store instance's id, written into its events
     * @param nodeMember   this node's name in the waiting hashes
     * @param heartbeatTtl how long this node's counts count without a heartbeat
     */
    RedisChannels(RedisKeys keys, String instance, String nodeMember, Duration heartbeatTtl) {
        this.keys = requireNonNull(keys, "keys is null");
        this.instance = requireNonNull(instance, "instance is null");
        this.nodeMember = requireNonNull(nodeMember, "nodeMember is null");
        this.heartbeatTtl = requireNonNull(heartbeatTtl, "heartbeatTtl is null");
    }

    CompletionStage<ChannelInfo> create(RedisAsyncCommands<byte[], byte[]> commands, ChannelId channel) {
        return CREATE.run(commands, keys.channelKeys(channel), member(channel), keys.nodePrefix())
                .thenApply(reply -> channelInfo(channel, reply).orElseThrow(() -> unexpected("create", reply)));
    }

    CompletionStage<Optional<ChannelInfo>> info(RedisAsyncCommands<byte[], byte[]> commands, ChannelId channel) {
        return INFO.run(commands, keys.channelKeys(channel), member(channel), keys.nodePrefix())
                .thenApply(reply -> channelInfo(channel, reply));
    }

    CompletionStage<Optional<ChannelInfo>> delete(RedisAsyncCommands<byte[], byte[]> commands, ChannelId channel) {
        return DELETE.run(commands, keys.channelKeys(channel), member(channel), keys.nodePrefix(), keys.events(), bytes(instance))
                .thenApply(reply -> channelInfo(channel, reply));
    }

    CompletionStage<Optional<Posted>> post(RedisAsyncCommands<byte[], byte[]> commands, ChannelId channel,
            String contentType, ByteBuffer body, PostOptions options) {
        Retention retention = options.retention();
        byte[] bodyBytes = new byte[body.remaining()];
        body.duplicate().get(bodyBytes);
        return POST.run(commands, keys.channelKeys(channel),
                flag(options.createChannel()),
                flag(retention.storeMessages()),
                bytes(Integer.toString(retention.maxMessages())),
                bytes(Long.toString(retention.messageTimeout().toMillis())),
                bytes(contentType),
                bodyBytes,
                member(channel),
                keys.nodePrefix(),
                keys.events(),
                bytes(instance))
                .thenApply(reply -> {
                    if (number(reply, 0) == 0) {
                        return Optional.empty();
                    }
                    MessageId id = StreamIds.parse(text(reply, 1));
                    MessageId previous = StreamIds.parsePrevious(text(reply, 2));
                    Message message = new Message(id, contentType, ByteBuffer.wrap(bodyBytes));
                    ChannelInfo info = new ChannelInfo(channel, number(reply, 3), number(reply, 4), Optional.of(id));
                    PostedMessage event = new PostedMessage(id, previous, Optional.of(message), retention.storeMessages());
                    return Optional.of(new Posted(new PostResult(message, info), event));
                });
    }

    CompletionStage<Optional<MessageLookup>> firstMessageAfter(RedisAsyncCommands<byte[], byte[]> commands, ChannelId channel, MessageId after) {
        byte[][] readKeys = {keys.channel(channel), keys.messages(channel)};
        return READ.run(commands, readKeys, bytes(StreamIds.format(after))).thenApply(reply -> {
            long found = number(reply, 0);
            if (found < 0) {
                return Optional.empty();
            }
            if (found == 0) {
                return Optional.of(MessageLookup.nothingNewer());
            }
            boolean gap = number(reply, 1) == 1;
            Message message = new Message(StreamIds.parse(text(reply, 2)), text(reply, 3), ByteBuffer.wrap((byte[]) reply.get(4)));
            return Optional.of(gap ? MessageLookup.foundAfterGap(message) : MessageLookup.found(message));
        });
    }

    /** Writes this node's count of subscribers held on the channel; false when the channel does not exist. */
    CompletionStage<Boolean> writeWaitingCount(RedisAsyncCommands<byte[], byte[]> commands, ChannelId channel, long count) {
        byte[][] countKeys = {keys.channel(channel), keys.waiting(channel), keys.node(nodeMember)};
        return COUNT.runForNumber(commands, countKeys, bytes(nodeMember), bytes(Long.toString(count)), bytes(Long.toString(heartbeatTtl.toMillis())))
                .thenApply(written -> written == 1);
    }

    /** Refreshes this node's heartbeat; true when it was still alive (Redis kept this node's counts). */
    CompletionStage<Boolean> heartbeat(RedisAsyncCommands<byte[], byte[]> commands) {
        return commands.setGet(keys.node(nodeMember), bytes("1"), SetArgs.Builder.px(heartbeatTtl.toMillis()))
                .thenApply(previous -> previous != null);
    }

    /** Ends this node's heartbeat now: the other nodes stop counting its subscribers at once. */
    CompletionStage<Long> endHeartbeat(RedisAsyncCommands<byte[], byte[]> commands) {
        return commands.del(keys.node(nodeMember));
    }

    /** Drops the expired messages of up to {@code batch} due channels; answers how many it visited. */
    CompletionStage<Long> dropExpiredMessages(RedisAsyncCommands<byte[], byte[]> commands, int batch) {
        return EXPIRE.runForNumber(commands, new byte[][] {keys.expiring()}, bytes(keys.prefix()), bytes(Integer.toString(batch)));
    }

    private static Optional<ChannelInfo> channelInfo(ChannelId channel, List<Object> reply) {
        if (number(reply, 0) == 0) {
            return Optional.empty();
        }
        return Optional.of(new ChannelInfo(channel, number(reply, 1), number(reply, 2), StreamIds.parseOptional(text(reply, 3))));
    }

    private static long number(List<Object> reply, int index) {
        return (Long) reply.get(index);
    }

    private static String text(List<Object> reply, int index) {
        return new String((byte[]) reply.get(index), StandardCharsets.UTF_8);
    }

    private static byte[] member(ChannelId channel) {
        return bytes(RedisKeys.member(channel));
    }

    private static byte[] flag(boolean value) {
        return bytes(value ? "1" : "0");
    }

    private static byte[] bytes(String text) {
        return RedisKeys.bytes(text);
    }

    private static IllegalStateException unexpected(String script, List<Object> reply) {
        return new IllegalStateException(format("the redis store's %s script answered %s", script, reply));
    }
}
