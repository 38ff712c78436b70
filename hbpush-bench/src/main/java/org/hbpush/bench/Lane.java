package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * One simulated client: a TCP connection of its own on which it sends one request at a time, the
 * way a browser's long poll does. Held polls then cost the tool a connection, not a thread, and a
 * subscriber never waits behind another one's held request. Reconnects for the next request when
 * the server closed the connection (nginx does after {@code keepalive_requests}). All its state is
 * touched on the {@link ClientLoop}'s thread only.
 */
final class Lane {
    private final ClientLoop loop;
    private final Endpoint endpoint;
    private final long timeoutNanos;
    private final AnswerParser parser = new AnswerParser();

    private SocketChannel channel;
    private SelectionKey key;
    private boolean connected;
    private CompletableFuture<Lane> connecting;
    private CompletableFuture<Answer> pending;
    private long deadline;
    private ByteBuffer unwritten;

    Lane(ClientLoop loop, Endpoint endpoint, long timeoutNanos) {
        this.loop = requireNonNull(loop, "loop is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.timeoutNanos = timeoutNanos;
    }

    /** Completes once the lane is connected. */
    CompletableFuture<Lane> connect() {
        CompletableFuture<Lane> done = new CompletableFuture<>();
        loop.execute(() -> {
            CompletableFuture<Lane> opened = connected ? CompletableFuture.completedFuture(this) : connecting != null ? connecting : open();
            opened.whenComplete((lane, failure) -> {
                if (failure != null) {
                    done.completeExceptionally(failure);
                }
                else {
                    done.complete(lane);
                }
            });
        });
        return done;
    }

    /** Sends {@code request} (connecting first when needed); the caller keeps to one at a time. */
    CompletableFuture<Answer> send(WireRequest request) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        loop.execute(() -> start(request, answer));
        return answer;
    }

    /** Closes the connection; a request still waiting fails. */
    void close() {
        loop.execute(() -> closeNow("the tool closed the connection"));
    }

    private void start(WireRequest request, CompletableFuture<Answer> answer) {
        if (request.endpoint() != endpoint && !request.endpoint().equals(endpoint)) {
            answer.completeExceptionally(new IllegalArgumentException(request.description() + " is for " + request.endpoint().host()
                    + ", not for this lane's server " + endpoint.host()));
            return;
        }
        if (pending != null) {
            answer.completeExceptionally(new IllegalStateException(request.description() + " sent before the answer to the one before"));
            return;
        }
        pending = answer;
        deadline = System.nanoTime() + timeoutNanos;
        unwritten = ByteBuffer.wrap(request.bytes());
        if (channel == null) {
            open();
        }
        else if (connected) {
            flush();
        }
    }

    /** The loop found the connection ready. */
    void onReady(SelectionKey readyKey) {
        if (readyKey != key || !readyKey.isValid()) {
            return;
        }
        try {
            if (readyKey.isConnectable()) {
                channel.finishConnect();
                onConnected();
            }
            if (readyKey.isValid() && readyKey.isWritable()) {
                flush();
            }
            if (readyKey.isValid() && readyKey.isReadable()) {
                read();
            }
        }
        catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    /** Fails the request waiting on this lane when its time is up. */
    void expireIfLate(long now) {
        if (pending != null && now - deadline >= 0) {
            fail(new TimeoutException("no answer within " + timeoutNanos / 1_000_000 + " ms"));
        }
    }

    /** Closes the connection now, failing what waits on it; on the loop's thread only. */
    void closeNow(String why) {
        fail(new IOException(why));
    }

    /** Starts connecting; the future completes once connected, or fails with the connection. */
    private CompletableFuture<Lane> open() {
        CompletableFuture<Lane> opened = new CompletableFuture<>();
        connecting = opened;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(endpoint.address())) {
                key = loop.register(channel, SelectionKey.OP_READ, this);
                onConnected();
            }
            else {
                key = loop.register(channel, SelectionKey.OP_CONNECT, this);
            }
        }
        catch (IOException | RuntimeException e) {
            fail(e);
        }
        return opened;
    }

    private void onConnected() {
        connected = true;
        key.interestOps(SelectionKey.OP_READ);
        CompletableFuture<Lane> opened = connecting;
        connecting = null;
        if (unwritten != null) {
            flush();
        }
        opened.complete(this);
    }

    private void flush() {
        try {
            channel.write(unwritten);
            if (unwritten.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
            else {
                unwritten = null;
                if ((key.interestOps() & SelectionKey.OP_WRITE) != 0) {
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
        }
        catch (IOException e) {
            fail(e);
        }
    }

    private void read() throws IOException {
        ByteBuffer buffer = loop.readBuffer();
        int count = channel.read(buffer);
        if (count < 0) {
            Optional<Answer> last = parser.endOfStream();
            CompletableFuture<Answer> waiting = pending;
            if (last.isPresent() && waiting != null) {
                pending = null;
                disconnect();
                waiting.complete(last.get());
            }
            else if (waiting != null) {
                fail(new IOException("the server closed the connection before it answered"));
            }
            else {
                disconnect();
            }
            return;
        }
        parser.append(buffer.flip());
        // an answer with Connection: close resets the parser with the connection: the loop ends
        while (channel != null) {
            Answer answer = parser.next();
            if (answer == null) {
                return;
            }
            CompletableFuture<Answer> waiting = pending;
            if (waiting == null) {
                throw new MalformedAnswerException("an answer to no request");
            }
            pending = null;
            if (answer.closes()) {
                disconnect();
            }
            // the caller may send its next request from here, on this lane: the state is ready for it
            waiting.complete(answer);
        }
    }

    private void fail(Exception failure) {
        CompletableFuture<Answer> waiting = pending;
        CompletableFuture<Lane> opening = connecting;
        disconnect();
        if (waiting != null) {
            waiting.completeExceptionally(failure);
        }
        if (opening != null) {
            opening.completeExceptionally(failure);
        }
    }

    private void disconnect() {
        pending = null;
        connecting = null;
        unwritten = null;
        connected = false;
        parser.reset();
        if (key != null) {
            key.cancel();
            key = null;
        }
        if (channel != null) {
            try {
                channel.close();
            }
            catch (IOException e) {
                // closed either way
            }
            channel = null;
        }
    }
}
