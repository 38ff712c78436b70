package org.hbpush.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The tool's one network thread: a selector over every connection of the run. Each connection is a
 * {@link Lane}, read, written and answered on this thread only, so a lane needs no lock, and the
 * next request of a subscriber is written from the very call that delivered its answer, with no
 * hand-off. On a machine whose cores the server under test shares, one thread doing little per
 * answer leaves the server the most of them.
 */
final class ClientLoop implements AutoCloseable {
    private static final long SWEEP_MILLIS = 200;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    // one buffer for every read: a lane keeps only the bytes of an answer it has not finished
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private volatile boolean running = true;

    private ClientLoop(Selector selector) {
        this.selector = selector;
        this.thread = new Thread(this::run, "hbpush-bench-loop");
        this.thread.setDaemon(true);
    }

    static ClientLoop start() {
        try {
            ClientLoop loop = new ClientLoop(Selector.open());
            loop.thread.start();
            return loop;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    /** Runs {@code task} on the loop's thread: now when called from it, else soon. */
    void execute(Runnable task) {
        if (Thread.currentThread() == thread) {
            task.run();
            return;
        }
        tasks.add(task);
        selector.wakeup();
    }

    /** Registers {@code channel} for {@code ops} with {@code lane} to call; on the loop's thread only. */
    SelectionKey register(SelectableChannel channel, int ops, Lane lane) throws ClosedChannelException {
        return channel.register(selector, ops, lane);
    }

    /** The buffer a lane reads into, cleared; on the loop's thread only, and only until it returns. */
    ByteBuffer readBuffer() {
        return readBuffer.clear();
    }

    private void run() {
        long nextSweep = System.nanoTime();
        try {
            while (running) {
                for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                    task.run();
                }
                selector.select(key -> ((Lane) key.attachment()).onReady(key), SWEEP_MILLIS);
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    for (SelectionKey key : selector.keys()) {
                        ((Lane) key.attachment()).expireIfLate(now);
                    }
                    nextSweep = now + TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS);
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("the selector failed", e);
        }
        finally {
            for (SelectionKey key : new ArrayList<>(selector.keys())) {
                ((Lane) key.attachment()).closeNow("the tool stopped");
            }
            try {
                selector.close();
            }
            catch (IOException e) {
                // nothing left to do with it
            }
        }
    }

    /** Stops the thread, closing every connection, and waits (a few seconds at most) for it to end. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(5));
    }
}
