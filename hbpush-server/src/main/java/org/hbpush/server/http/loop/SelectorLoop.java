package org.hbpush.server.http.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.eclipse.jetty.io.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread, one {@link Selector}: it waits for its sockets to be ready and runs what they were
 * waiting for itself (reading and answering a request, finishing a write), as Jetty's selectors
 * do for callbacks that never block, but with less bookkeeping per socket: at 10,000 held long
 * polls that bookkeeping, out of the CPU's caches, is a large part of what a delivery costs (see
 * docs/performance.md). Other threads hand it work through a queue and wake it up.
 */
final class SelectorLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SelectorLoop.class);

    private static final long STOP_WAIT_MILLIS = 5_000;

    private final LoopServerConnector.Manager manager;
    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    SelectorLoop(LoopServerConnector.Manager manager, String name) {
        this.manager = manager;
        try {
            this.selector = Selector.open();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    void wakeUpFrom(Thread caller) {
        if (caller != thread) {
            selector.wakeup();
        }
    }

    /** Registers an accepted socket; its end point and connection are made on the loop's thread. */
    void register(SocketChannel channel, Object attachment) {
        submit(() -> {
            try {
                LoopEndPoint endPoint = manager.newLoopEndPoint(channel, this);
                endPoint.attach(channel.register(selector, 0, endPoint));
                manager.open(channel, endPoint, attachment);
            }
            catch (Throwable failure) {
                manager.acceptFailed(channel, failure);
            }
        });
    }

    void closed(LoopEndPoint endPoint, Throwable cause) {
        manager.closed(endPoint, cause);
    }

    @Override
    public void run() {
        try {
            while (running) {
                runTasks();
                selector.select(this::ready);
            }
        }
        catch (ClosedSelectorException | IOException e) {
            if (running) {
                LOG.warn("selector loop {} stopped", thread.getName(), e);
            }
        }
        finally {
            closeAll();
            // sockets accepted while stopping: their registration fails on the closed selector and closes them
            runTasks();
        }
    }

    private void ready(SelectionKey key) {
        LoopEndPoint endPoint = (LoopEndPoint) key.attachment();
        try {
            endPoint.onReady(key.readyOps());
        }
        catch (Throwable failure) {
            LOG.debug("failure on {}", endPoint, failure);
            endPoint.close(failure);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            }
            catch (Throwable failure) {
                LOG.warn("task failed in selector loop {}", thread.getName(), failure);
            }
        }
    }

    private void closeAll() {
        List<LoopEndPoint> open = new ArrayList<>();
        try {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof LoopEndPoint endPoint) {
                    open.add(endPoint);
                }
            }
        }
        catch (ClosedSelectorException ignored) {
            // nothing left to close
        }
        for (LoopEndPoint endPoint : open) {
            Connection connection = endPoint.getConnection();
            if (connection != null) {
                connection.close();
            }
            else {
                endPoint.close();
            }
        }
        try {
            selector.close();
        }
        catch (IOException ignored) {
            // stopping anyway
        }
    }

    /** Closes this loop's connections and ends its thread; waits for it unless called on it. */
    void stop() throws InterruptedException {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            thread.join(STOP_WAIT_MILLIS);
        }
    }
}
