package org.hbpush.server.http.loop;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;

import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A connection's socket, driven by a {@link SelectorLoop} in place of Jetty's
 * {@code SocketChannelEndPoint} and {@code ManagedSelector}. Jetty's {@code AbstractEndPoint} keeps
 * the fill interest, the write flusher, the idle timeout and the close states; this class only
 * moves bytes and tells its loop which readiness it waits for.
 */
final class LoopEndPoint extends AbstractEndPoint {
    private final SocketChannel channel;
    private final SelectorLoop loop;
    private final Executor executor;
    private final SocketAddress local;
    private final SocketAddress remote;
    private SelectionKey key;
    // the readiness this end point waits for; read and written on the loop's thread only
    private int interestOps;

    LoopEndPoint(SocketChannel channel, SelectorLoop loop, Scheduler scheduler, Executor executor) throws IOException {
        super(scheduler);
        this.channel = channel;
        this.loop = loop;
        this.executor = executor;
        this.local = channel.getLocalAddress();
        this.remote = channel.getRemoteAddress();
    }

    void attach(SelectionKey key) {
        this.key = key;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return local;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return remote;
    }

    @Override
    public Object getTransport() {
        return channel;
    }

    @Override
    public int fill(ByteBuffer buffer) throws IOException {
        if (isInputShutdown()) {
            return -1;
        }
        int position = BufferUtil.flipToFill(buffer);
        int read;
        try {
            read = channel.read(buffer);
        }
        catch (IOException e) {
            shutdownInput();
            return -1;
        }
        finally {
            BufferUtil.flipToFlush(buffer, position);
        }
        if (read > 0) {
            notIdle();
        }
        else if (read < 0) {
            shutdownInput();
        }
        return read;
    }

    @Override
    public boolean flush(ByteBuffer... buffers) throws IOException {
        long written = buffers.length == 1 ? channel.write(buffers[0]) : channel.write(buffers);
        if (written > 0) {
            notIdle();
        }
        for (ByteBuffer buffer : buffers) {
            if (buffer.hasRemaining()) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected void doShutdownOutput() {
        try {
            channel.shutdownOutput();
        }
        catch (IOException ignored) {
            // the peer is gone: closing follows
        }
    }

    @Override
    public void doClose() {
        try {
            channel.close();
        }
        catch (IOException ignored) {
            // closed either way
        }
        finally {
            super.doClose();
        }
        // the loop releases the descriptor when it next selects
        loop.wakeUpFrom(Thread.currentThread());
    }

    @Override
    public void onClose(Throwable cause) {
        try {
            super.onClose(cause);
        }
        finally {
            loop.closed(this, cause);
        }
    }

    @Override
    protected void needsFillInterest() {
        wantReadiness(SelectionKey.OP_READ);
    }

    @Override
    protected void onIncompleteFlush() {
        wantReadiness(SelectionKey.OP_WRITE);
    }

    private void wantReadiness(int op) {
        if (loop.inLoop()) {
            setInterest(interestOps | op);
        }
        else {
            loop.submit(() -> setInterest(interestOps | op));
        }
    }

    /** On the loop's thread: the socket is ready for what this end point waited for. */
    void onReady(int readyOps) {
        int ready = readyOps & interestOps;
        // level-triggered: stop asking until a callback asks again
        setInterest(interestOps & ~ready);
        // As Jetty's selectors do: a callback that may block runs on a pool thread, never on the loop's.
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            if (getWriteFlusher().getCallbackInvocationType() == Invocable.InvocationType.NON_BLOCKING) {
                getWriteFlusher().completeWrite();
            }
            else {
                executor.execute(getWriteFlusher()::completeWrite);
            }
        }
        if ((ready & SelectionKey.OP_READ) != 0) {
            if (getFillInterest().getCallbackInvocationType() == Invocable.InvocationType.NON_BLOCKING) {
                getFillInterest().fillable();
            }
            else {
                executor.execute(getFillInterest()::fillable);
            }
        }
    }

    private void setInterest(int ops) {
        if (ops != interestOps) {
            interestOps = ops;
            if (key.isValid()) {
                key.interestOps(ops);
            }
        }
    }
}
