package org.hbpush.server.http;

import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.hbpush.server.http.lean.LeanHttp1ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * Notices that an HTTP/1 client closed its connection while its long poll is held.
 *
 * <p>Jetty reads an HTTP/1 connection only between requests, so a client that goes away in the
 * middle of a held request would go unnoticed until something is written to it. This watch asks
 * the connection's end point to say when it becomes readable: end of stream means the client left.
 * It must be {@link #stop() stopped} before the answer is written, so that Jetty can read the next
 * request. (HTTP/2 reads all the time and reports a reset stream through the request's failure
 * listeners, so it needs no watch.)
 *
 * <p>A client that sends more bytes while its request is held (HTTP pipelining) is not waiting for
 * this answer alone; the watch then stops, and the connection closes after the answer, which tells
 * such a client to send its later requests again.
 *
 * <p>Stopping and reading take turns under one lock: once {@link #stop()} has returned, the watch
 * neither reads nor waits to read, so the bytes of the client's next request, sent once it has the
 * answer, are Jetty's alone. (Without it, a read that began just before the stop could swallow the
 * start of that request, and Jetty answered the rest 400.)
 */
final class ClientCloseWatch {
    private static final Logger log = LoggerFactory.getLogger(ClientCloseWatch.class);
    private static final CancellationException STOPPED = new CancellationException("answer ready");

    private final AbstractEndPoint endPoint;
    private final Runnable onClose;
    private final Object turns = new Object();
    // guarded by turns
    private boolean stopped;
    // Only our own pending read may be cancelled, never one that Jetty registered; guarded by turns.
    private boolean interested;
    private volatile boolean pipelined;

    private ClientCloseWatch(AbstractEndPoint endPoint, Runnable onClose) {
        this.endPoint = requireNonNull(endPoint, "endPoint is null");
        this.onClose = requireNonNull(onClose, "onClose is null");
    }

    /** Starts watching the request's connection; does nothing for protocols that need no watch. */
    static ClientCloseWatch start(Request request, Runnable onClose) {
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        if (LeanHttp1ConnectionFactory.watchesClientClose(request.getConnectionMetaData().getConnection())) {
            return null;
        }
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        if (version.getVersion() >= HttpVersion.HTTP_2.getVersion() || !(endPoint instanceof AbstractEndPoint watched)) {
            return null;
        }
        ClientCloseWatch watch = new ClientCloseWatch(watched, onClose);
        watch.awaitReadable();
        return watch;
    }

    /** Stops watching; call before writing the answer. */
    void stop() {
        synchronized (turns) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (interested) {
                interested = false;
                endPoint.getFillInterest().onFail(STOPPED);
            }
        }
    }

    /** True when the client sent bytes while waiting: the connection must close after the answer. */
    boolean clientPipelined() {
        return pipelined;
    }

    private void awaitReadable() {
        synchronized (turns) {
            if (stopped) {
                return;
            }
            interested = true;
            if (!endPoint.tryFillInterested(new Readable())) {
                interested = false;
                log.debug("connection {} already has a reader; not watching it", endPoint);
            }
        }
    }

    private final class Readable implements Callback {
        @Override
        public void succeeded() {
            boolean clientLeft;
            synchronized (turns) {
                interested = false;
                if (stopped) {
                    return;
                }
                clientLeft = readWhileHeld();
            }
            // Outside the turn: forgetting the poll stops this watch.
            if (clientLeft) {
                onClose.run();
            }
        }

        /** Reads what the client sent while its poll is held (under the turn); true when it left. */
        private boolean readWhileHeld() {
            try {
                ByteBuffer buffer = BufferUtil.allocate(64);
                int filled = endPoint.fill(buffer);
                if (filled < 0) {
                    stopped = true;
                    return true;
                }
                if (filled == 0) {
                    awaitReadable();
                    return false;
                }
                pipelined = true;
                stopped = true;
                return false;
            }
            catch (Exception e) {
                stopped = true;
                return true;
            }
        }

        @Override
        public void failed(Throwable failure) {
            boolean clientLeft;
            synchronized (turns) {
                interested = false;
                clientLeft = failure != STOPPED && !stopped;
                stopped = true;
            }
            if (clientLeft) {
                onClose.run();
            }
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }
}
