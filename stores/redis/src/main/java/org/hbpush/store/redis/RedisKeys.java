package org.hbpush.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.hbpush.api.ChannelId;

import static java.util.Objects.requireNonNull;

/**
 * The names of the store's keys. A channel's keys are the prefix, a fixed tag and the channel id in
 * hexadecimal ({@link ChannelId#toHex()}): hex is injective and printable, so two different ids never
 * share a key and {@code redis-cli --scan} shows them readably. The tags ({@code channel:},
 * {@code messages:}, {@code waiting:}, {@code node:}) and the fixed names ({@code expiring},
 * {@code events}) cannot be mistaken for each other, since hex digits never contain a colon.
 *
 * <pre>{@code
 * RedisKeys keys = new RedisKeys("hbpush:");
 * keys.messages(ChannelId.of("news"));   // "hbpush:messages:6e657773"
 * }</pre>
 */
final class RedisKeys {
    private final String prefix;

    RedisKeys(String prefix) {
        this.prefix = requireNonNull(prefix, "prefix is null");
    }

    /** The prefix every key starts with. */
    String prefix() {
        return prefix;
    }

    /** The channel's name inside keys, events and the expiry index: its bytes in hex. */
    static String member(ChannelId channel) {
        return channel.toHex();
    }

    /** The channel of a {@link #member(ChannelId)}. */
    static ChannelId channelOfMember(String member) {
        return ChannelId.of(HexFormat.of().parseHex(member));
    }

    /** Hash: created, last, dropped. Its existence is the channel's. */
    byte[] channel(ChannelId channel) {
        return key("channel:" + member(channel));
    }

    /** Stream of the stored messages. */
    byte[] messages(ChannelId channel) {
        return key("messages:" + member(channel));
    }

    /** Hash: node member to the subscribers it holds on the channel. */
    byte[] waiting(ChannelId channel) {
        return key("waiting:" + member(channel));
    }

    /** Sorted set: channel member to the expiry of its oldest stored message. */
    byte[] expiring() {
        return key("expiring");
    }

    /** The heartbeat key of a node's store. */
    byte[] node(String nodeMember) {
        return key("node:" + nodeMember);
    }

    /** What node keys start with, for the scripts that check heartbeats. */
    byte[] nodePrefix() {
        return key("node:");
    }

    /** The pub/sub channel of the store's events. */
    byte[] events() {
        return key("events");
    }

    /** The four keys of a channel, in the order the scripts take them. */
    byte[][] channelKeys(ChannelId channel) {
        return new byte[][] {channel(channel), messages(channel), waiting(channel), expiring()};
    }

    @Override
    public String toString() {
        return "RedisKeys[" + prefix + "]";
    }

    private byte[] key(String name) {
        return bytes(prefix + name);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
