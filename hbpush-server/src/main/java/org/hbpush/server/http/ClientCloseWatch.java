package org.hbpush.server.http;

import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
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
 */
final class ClientCloseWatch {
    private static final Logger log = LoggerFactory.getLogger(ClientCloseWatch.class);
    private static final CancellationException STOPPED = new CancellationException("answer ready");

    private final AbstractEndPoint endPoint;
    private final Runnable onClose;
    private final AtomicBoolean stopped = new AtomicBoolean();
    // Only our own pending read may be cancelled, never one that Jetty registered.
    private volatile boolean interested;
    private volatile boolean pipelined;

    private ClientCloseWatch(AbstractEndPoint endPoint, Runnable onClose) {
        this.endPoint = requireNonNull(endPoint, "endPoint is null");
        this.onClose = requireNonNull(onClose, "onClose is null");
    }

    /** Starts watching the request's connection; does nothing for protocols that need no watch. */
    static ClientCloseWatch start(Request request, Runnable onClose) {
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
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
        if (stopped.compareAndSet(false, true) && interested) {
            endPoint.getFillInterest().onFail(STOPPED);
        }
    }

    /** True when the client sent bytes while waiting: the connection must close after the answer. */
    boolean clientPipelined() {
        return pipelined;
    }

    private void awaitReadable() {
        if (stopped.get()) {
            return;
        }
        interested = true;
        if (!endPoint.tryFillInterested(new Readable())) {
            interested = false;
            log.debug("connection {} already has a reader; not watching it", endPoint);
        }
    }

    private final class Readable implements Callback {
        @Override
        public void succeeded() {
            interested = false;
            if (stopped.get()) {
                return;
            }
            try {
                ByteBuffer buffer = BufferUtil.allocate(64);
                int filled = endPoint.fill(buffer);
                if (filled < 0) {
                    stopped.set(true);
                    onClose.run();
                }
                else if (filled == 0) {
                    awaitReadable();
                }
                else {
                    pipelined = true;
                    stopped.set(true);
                }
            }
            catch (Exception e) {
                stopped.set(true);
                onClose.run();
            }
        }

        @Override
        public void failed(Throwable failure) {
            interested = false;
            if (failure != STOPPED && stopped.compareAndSet(false, true)) {
                onClose.run();
            }
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }
}
