package org.hbpush.server.http.loop;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A plain listener's connector whose sockets are served by hbpushd's own {@link SelectorLoop}s.
 * Jetty's connector still accepts them (its accept queue, connection limits and listeners apply)
 * and Jetty's {@code AbstractEndPoint} still keeps each one's read and write interests and idle
 * timeout; only Jetty's selectors are left out (one of them is still started, and stays idle).
 */
public final class LoopServerConnector extends ServerConnector {
    /** With one loop per two processors, as Jetty's selectors by default. */
    public LoopServerConnector(Server server, ConnectionFactory... factories) {
        super(server, factories);
    }

    public LoopServerConnector(Server server, int loops, ConnectionFactory... factories) {
        super(server, -1, loops, factories);
    }

    @Override
    protected SelectorManager newSelectorManager(Executor executor, Scheduler scheduler, int selectors) {
        return new Manager(executor, scheduler, selectors);
    }

    /**
     * The connector's selector manager, with accepted sockets given to hbpushd's own
     * {@link SelectorLoop}s instead of Jetty's selectors. Everything else of the connector
     * (accepting, the accept queue, connection limits, listeners, graceful stop) stays Jetty's.
     */
    final class Manager extends ServerConnectorManager {
        private final SelectorLoop[] loops;
        private final AtomicInteger next = new AtomicInteger();

        Manager(Executor executor, Scheduler scheduler, int loopCount) {
            super(executor, scheduler, 1);
            this.loops = new SelectorLoop[loopCount > 0 ? loopCount : Math.max(1, Runtime.getRuntime().availableProcessors() / 2)];
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            String name = getName() == null ? "plain" : getName();
            for (int i = 0; i < loops.length; i++) {
                loops[i] = new SelectorLoop(this, "hbpush-loop-" + name + "-" + i);
                loops[i].start();
            }
        }

        @Override
        protected void doStop() throws Exception {
            for (SelectorLoop loop : loops) {
                if (loop != null) {
                    loop.stop();
                }
            }
            super.doStop();
        }

        @Override
        public void accept(SelectableChannel channel, Object attachment) {
            onAccepting(channel);
            loops[Math.floorMod(next.getAndIncrement(), loops.length)].register((SocketChannel) channel, attachment);
        }

        LoopEndPoint newLoopEndPoint(SocketChannel channel, SelectorLoop loop) throws IOException {
            LoopEndPoint endPoint = new LoopEndPoint(channel, loop, getScheduler(), getExecutor());
            endPoint.setIdleTimeout(getIdleTimeout());
            return endPoint;
        }

        void open(SocketChannel channel, LoopEndPoint endPoint, Object attachment) throws IOException {
            Connection connection = newConnection(channel, endPoint, attachment);
            endPoint.setConnection(connection);
            endPoint.onOpen();
            endPointOpened(endPoint);
            connectionOpened(connection, attachment);
            onAccepted(channel);
        }

        void acceptFailed(SocketChannel channel, Throwable failure) {
            try {
                channel.close();
            }
            catch (IOException ignored) {
                // refused either way
            }
            onAcceptFailed(channel, failure);
        }

        void closed(EndPoint endPoint, Throwable cause) {
            Connection connection = endPoint.getConnection();
            if (connection != null) {
                connectionClosed(connection, cause);
            }
            endPointClosed(endPoint);
        }
    }
}
