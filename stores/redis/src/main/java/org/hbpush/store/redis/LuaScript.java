package org.hbpush.store.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;

import static java.util.Objects.requireNonNull;

/**
 * One of the store's Lua scripts (a resource next to this class, with {@code common.lua} in front),
 * run with EVALSHA. A server that does not know the script yet (first use, or restarted since)
 * answers NOSCRIPT; the script is then sent whole with EVAL, which also caches it there.
 *
 * <pre>{@code
 * LuaScript post = LuaScript.load("post.lua");
 * post.run(commands, keys, args).thenApply(reply -> ...);
 * }</pre>
 */
final class LuaScript {
    private final String name;
    private final byte[] source;
    private final String sha1;

    private LuaScript(String name, byte[] source) {
        this.name = requireNonNull(name, "name is null");
        this.source = requireNonNull(source, "source is null");
        this.sha1 = sha1(source);
    }

    /** The script {@code name}, from the resources of this package, after {@code common.lua}. */
    static LuaScript load(String name) {
        String common = resource("common.lua");
        String script = resource(name);
        return new LuaScript(name, (common + "\n-- " + name + "\n" + script).getBytes(StandardCharsets.UTF_8));
    }

    /** Runs the script; the reply is the list the script returns (integers as Long, strings as byte[]). */
    CompletionStage<List<Object>> run(RedisAsyncCommands<byte[], byte[]> commands, byte[][] keys, byte[]... args) {
        return run(commands, ScriptOutputType.MULTI, keys, args);
    }

    /** Runs a script that returns one integer. */
    CompletionStage<Long> runForNumber(RedisAsyncCommands<byte[], byte[]> commands, byte[][] keys, byte[]... args) {
        return run(commands, ScriptOutputType.INTEGER, keys, args);
    }

    private <T> CompletionStage<T> run(RedisAsyncCommands<byte[], byte[]> commands, ScriptOutputType type, byte[][] keys, byte[]... args) {
        CompletableFuture<T> reply = new CompletableFuture<>();
        commands.<T>evalsha(sha1, type, keys, args).whenComplete((value, failure) -> {
            if (failure == null) {
                reply.complete(value);
            }
            else if (unwrap(failure) instanceof RedisNoScriptException) {
                commands.<T>eval(source, type, keys, args).whenComplete((again, failed) -> {
                    if (failed == null) {
                        reply.complete(again);
                    }
                    else {
                        reply.completeExceptionally(failed);
                    }
                });
            }
            else {
                reply.completeExceptionally(failure);
            }
        });
        return reply;
    }

    @Override
    public String toString() {
        return "LuaScript[" + name + ", " + sha1 + "]";
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String resource(String name) {
        try (InputStream input = LuaScript.class.getResourceAsStream(name)) {
            if (input == null) {
                throw new IllegalStateException("the redis store's script " + name + " is missing from its jar");
            }
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the redis store's script " + name, e);
        }
    }

    private static String sha1(byte[] source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
