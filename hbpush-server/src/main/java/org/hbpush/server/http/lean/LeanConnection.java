package org.hbpush.server.http.lean;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.hbpush.server.http.PlainErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * A plain HTTP/1.1 connection that reads request heads itself ({@link RequestHeadParser}) and runs
 * each request of the lean subset through the server's handlers ({@link LeanExchange}), one at a
 * time, in order. A request with a body is run once head and body are both in the read buffer; a
 * body too large for it goes to Jetty. The first request outside the subset hands the connection
 * over to Jetty with the bytes not yet parsed; it then stays Jetty's. So does end of stream in the
 * middle of a request, so that Jetty answers a body cut short as it would have.
 *
 * <p>While a request is handled the connection keeps its read interest, as Jetty's do with
 * ClientCloseWatch: end of stream fails the request (a long poll whose client left is logged 499),
 * and the idle timeout asks the request's idle-timeout listeners (a held long poll says no, and the
 * connection stays open). Bytes of a next request that arrive meanwhile are kept and served after
 * the answer; reading stops only when the buffer is full.
 *
 * <p>Reads, the close check and the choice of the next request are serialized by one lock per
 * connection, uncontended in practice.
 */
final class LeanConnection extends AbstractConnection implements Connection.UpgradeFrom {
    private static final Logger log = LoggerFactory.getLogger(LeanConnection.class);

    private final JettyHandOver jetty;
    private final RequestHeadParser parser;
    private final LeanConnectionMetaData metaData;
    private final SharedResponseHeads heads;
    private final Callback readCallback;
    private final Object lock = new Object();
    // guarded by lock: plain counts rather than adders, which 10,000 held polls would hold 40,000 of
    private long bytesIn;
    private long bytesOut;
    private long messagesIn;
    private long messagesOut;
    private final ReadBuffer input;
    private boolean interested;
    private boolean closed;
    private boolean handedOver;
    private int requests;
    private long beginNanos;
    // the exchange being handled; written under lock
    private volatile LeanExchange active;

    /**
     * @param jetty          makes the Jetty connection that takes over a request outside the lean subset
     * @param readBufferSize the most bytes read ahead; no more than that Jetty connection's input buffer takes
     */
    LeanConnection(Connector connector, EndPoint endPoint, HttpConfiguration configuration, ConnectionFactory jetty, int readBufferSize,
                   SharedResponseHeads heads, SharedRequestFields sharedFields) {
        super(endPoint, connector.getExecutor());
        this.heads = requireNonNull(heads, "heads is null");
        this.jetty = new JettyHandOver(jetty, connector);
        int maxHead = configuration.getRequestHeaderSize();
        this.parser = new RequestHeadParser(maxHead, configuration.getUriCompliance(), sharedFields);
        this.input = new ReadBuffer(connector.getByteBufferPool(), readBufferSize);
        this.metaData = new LeanConnectionMetaData(this, connector, configuration);
        // run as the server says, as Jetty's own next-request reads do
        this.readCallback = Callback.from(connector.getServer().getInvocationType(), this::readable, this::readFailed);
    }

    @Override
    public void onOpen() {
        super.onOpen();
        synchronized (lock) {
            rearm();
        }
    }

    @Override
    public void onFillable() {
        readable();
    }

    // The end point's idle timeout arrives as a failed read interest (readFailed), not here.
    @Override
    protected boolean onReadTimeout(TimeoutException timeout) {
        return true;
    }

    /** The end point has bytes, or end of stream. */
    private void readable() {
        try {
            readAndServe();
        }
        finally {
            synchronized (lock) {
                // the paths that leave the connection servable have kept their bytes already (rearm)
                if (closed || handedOver) {
                    input.release();
                }
                else {
                    input.keepUnparsed();
                }
            }
        }
    }

    private void readAndServe() {
        LeanExchange gone = null;
        boolean close = false;
        boolean serve = false;
        boolean handOver = false;
        synchronized (lock) {
            interested = false;
            if (closed || handedOver) {
                return;
            }
            boolean wasEmpty = input.isEmpty();
            int filled = fill();
            if (filled > 0 && wasEmpty) {
                beginNanos = NanoTime.now();
            }
            if (filled < 0 && active == null && !input.isEmpty()) {
                // A request cut short (a head, or a body, not whole): Jetty reads the end of stream
                // too and answers as it would have (400 for a body that ends early).
                handedOver = true;
                handOver = true;
            }
            else if (filled < 0) {
                // with a request handled, failing it completes the exchange, which then closes
                closed = true;
                gone = active;
                close = gone == null;
            }
            else if (active != null) {
                // Watching while a request is handled; once the buffer is full, the socket would be
                // readable at once and for ever: stop reading until the answer is done.
                if (input.isFull()) {
                    // served by whichever thread completes the exchange: the bytes must be the connection's
                    input.keepUnparsed();
                }
                else {
                    rearm();
                }
            }
            else {
                serve = true;
            }
        }
        if (handOver) {
            log.debug("handing {} over to Jetty: end of stream within a request", this);
            jetty.handOver(getEndPoint());
            return;
        }
        if (gone != null) {
            gone.clientGone(new EofException("client closed the connection"));
        }
        if (close) {
            closeEndPoint(null);
        }
        else if (serve) {
            serve();
        }
    }

    private void readFailed(Throwable failure) {
        if (failure == JettyHandOver.HANDED_OVER) {
            return;
        }
        LeanExchange exchange;
        synchronized (lock) {
            interested = false;
            if (closed || handedOver) {
                return;
            }
            exchange = active;
        }
        // AbstractEndPoint.onIdleExpired reports the idle timeout as a failed read interest.
        if (failure instanceof TimeoutException timeout && exchange != null && !exchange.idleExpired(timeout)) {
            synchronized (lock) {
                rearm();
            }
            return;
        }
        boolean partialRequest;
        synchronized (lock) {
            closed = true;
            partialRequest = exchange == null && !input.isEmpty();
        }
        if (exchange != null) {
            exchange.clientGone(failure);
        }
        if (partialRequest && failure instanceof TimeoutException) {
            // Part of a request and then silence: say so before closing, as Jetty's path does (408).
            answerTimedOut();
            return;
        }
        closeEndPoint(failure);
    }

    private void answerTimedOut() {
        HttpFields.Mutable fields = HttpFields.build();
        if (metaData.getHttpConfiguration().getSendDateHeader()) {
            fields.add(metaData.getConnector().getServer().getDateField());
        }
        ByteBuffer body = PlainErrorHandler.plainError(HttpStatus.REQUEST_TIMEOUT_408,
                "the request stopped arriving before its end (idle_timeout); send it whole", fields);
        ByteBuffer head = heads.head(HttpStatus.REQUEST_TIMEOUT_408, fields, ResponseHeadWriter.Framing.CONTENT_LENGTH, body.remaining(), false);
        getEndPoint().write(Callback.from(() -> closeEndPoint(null), this::closeEndPoint), head, body);
    }

    /** Under lock. */
    private int fill() {
        try {
            int filled = input.fillFrom(getEndPoint());
            if (filled > 0) {
                bytesIn += filled;
            }
            return filled;
        }
        catch (IOException e) {
            return -1;
        }
    }

    /**
     * Under lock: asks to be told when there is something to read, unless already asked
     * (EndPoint.fillInterested throws ReadPendingException when an interest is registered). After
     * an answer the interest kept while the request was held is still there: the selector's
     * interest set does not change for a long poll answered by a publisher.
     */
    private void rearm() {
        // once asked, another thread may read or serve: bytes read on this one must be the connection's
        input.keepUnparsed();
        if (!interested && !closed && !handedOver) {
            interested = true;
            getEndPoint().fillInterested(readCallback);
        }
    }

    /** Handles the buffered requests, one after the other, until one is held, more bytes are needed, or Jetty takes over. */
    private void serve() {
        while (true) {
            LeanExchange exchange = null;
            HeadParse.HandOver handOver = null;
            synchronized (lock) {
                if (closed || handedOver || active != null) {
                    return;
                }
                HeadParse parse = nextRequest();
                if (parse instanceof HeadParse.Complete complete) {
                    requests++;
                    messagesIn++;
                    RequestHead head = complete.head();
                    // copied out: the buffer is read into again, or given back, once consumed
                    ByteBuffer body = input.copy(complete.length(), head.bodyLength());
                    exchange = new LeanExchange(this, head, body, requests, beginNanos, NanoTime.now());
                    input.consume(complete.length() + head.bodyLength());
                    active = exchange;
                }
                else if (parse instanceof HeadParse.HandOver refused) {
                    handedOver = true;
                    handOver = refused;
                    cancelReadInterest();
                }
                else {
                    rearm();
                    return;
                }
            }
            if (handOver != null) {
                log.debug("handing {} over to Jetty: {}", this, handOver.reason());
                jetty.handOver(getEndPoint());
                return;
            }
            exchange.handle();
            synchronized (lock) {
                exchange.handleReturned = true;
                if (!exchange.completed) {
                    // Held: keep reading to notice the client leaving.
                    rearm();
                    return;
                }
                if (closed) {
                    return;
                }
            }
            // answered synchronously: serve the next buffered request in this loop, not by recursion
        }
    }

    /**
     * Under lock: the head of the next request, complete only once its whole body is read too. A
     * body that cannot fit the buffer with its head goes to Jetty, which streams it: the buffer
     * never grows past what a hand-over can give Jetty's input buffer.
     */
    private HeadParse nextRequest() {
        if (input.isEmpty()) {
            return HeadParse.NeedMore.INSTANCE;
        }
        HeadParse parse = parser.parse(input.array(), input.start(), input.end());
        if (parse instanceof HeadParse.NeedMore && input.isFull()) {
            return new HeadParse.HandOver("head larger than the read buffer, though within max_request_header_size");
        }
        if (parse instanceof HeadParse.Complete complete && complete.head().contentLength() > 0) {
            long whole = complete.length() + complete.head().contentLength();
            if (whole > input.capacity()) {
                return new HeadParse.HandOver("head and body larger than the read buffer: " + whole + " bytes");
            }
            if (whole > input.remaining()) {
                return HeadParse.NeedMore.INSTANCE;
            }
        }
        return parse;
    }

    /** Under lock. */
    private void cancelReadInterest() {
        if (interested) {
            interested = false;
            JettyHandOver.cancelReadInterest(getEndPoint());
        }
    }

    @Override
    public ByteBuffer onUpgradeFrom() {
        synchronized (lock) {
            return input.takeRemaining();
        }
    }

    /** Called once an exchange is over: the handlers' callback completed and the last write done (or failed). */
    void completed(LeanExchange exchange, Throwable failure) {
        boolean close;
        boolean next;
        synchronized (lock) {
            messagesOut++;
            exchange.completed = true;
            active = null;
            if (failure != null || !exchange.persistent()) {
                closed = true;
            }
            close = closed;
            next = !close && exchange.handleReturned;
            if (!input.isEmpty()) {
                // a pipelined request begins when the one before it is done
                beginNanos = NanoTime.now();
            }
        }
        if (close) {
            closeEndPoint(failure);
        }
        else if (next) {
            serve();
        }
    }

    @Override
    public void onClose(Throwable cause) {
        LeanExchange exchange;
        boolean handed;
        synchronized (lock) {
            closed = true;
            exchange = active;
            handed = handedOver;
            if (!handed) {
                input.release();
            }
        }
        // after a hand-over the exchange (if any) is done, and the bytes are Jetty's
        if (!handed && exchange != null) {
            exchange.clientGone(cause == null ? new EofException("connection closed") : cause);
        }
        super.onClose(cause);
    }

    private void closeEndPoint(Throwable failure) {
        synchronized (lock) {
            input.release();
        }
        getEndPoint().close(failure);
    }

    boolean isPersistent() {
        LeanExchange exchange = active;
        return exchange == null || exchange.persistent();
    }

    LeanExchange active() {
        return active;
    }

    LeanConnectionMetaData metaData() {
        return metaData;
    }

    /** The heads of this connection's responses, encoded or shared. */
    SharedResponseHeads heads() {
        return heads;
    }

    /**
     * Writes the buffers, then completes the callback. What the socket takes at once is written here
     * (EndPoint.flush); only a remainder goes through the end point's write flusher, which waits for
     * the socket to drain. An answer, as a rule, fits the socket's buffer, and the flusher's state
     * changes per write cost more than the write of a small answer in user space (they also dirty
     * a G1 card of the long-lived end point each time). One write at a time: an exchange writes
     * again only once the callback of its previous write has completed.
     */
    void write(Callback callback, ByteBuffer... buffers) {
        EndPoint endPoint = getEndPoint();
        boolean flushed;
        try {
            flushed = endPoint.flush(buffers);
        }
        catch (Throwable x) {
            callback.failed(x);
            return;
        }
        if (flushed) {
            callback.succeeded();
            return;
        }
        try {
            endPoint.write(callback, buffers);
        }
        catch (Throwable x) {
            callback.failed(x);
        }
    }

    void wrote(long bytes) {
        synchronized (lock) {
            bytesOut += bytes;
        }
    }

    @Override
    public long getMessagesIn() {
        synchronized (lock) {
            return messagesIn;
        }
    }

    @Override
    public long getMessagesOut() {
        synchronized (lock) {
            return messagesOut;
        }
    }

    @Override
    public long getBytesIn() {
        synchronized (lock) {
            return bytesIn;
        }
    }

    @Override
    public long getBytesOut() {
        synchronized (lock) {
            return bytesOut;
        }
    }
}
