package org.hbpush.server.http;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Components;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.server.TunnelSupport;
import org.eclipse.jetty.util.Attributes;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SPIKE: plain HTTP/1.1 connections that parse the head of a simple request themselves (GET or
 * HEAD, HTTP/1.1, no body, no upgrade) and call the server's handler chain with a request and a
 * response of their own, without Jetty's HttpConnection, HttpParser, HttpChannelState and
 * HttpGenerator. Anything else hands the connection over to Jetty ({@link RawTargetConnectionFactory})
 * with the bytes read so far, and the connection stays Jetty's.
 *
 * <p>While a request is being handled the connection keeps its read interest: end of stream fails
 * the request (its failure listeners), which is what {@link ClientCloseWatch} does for Jetty's
 * connections.
 */
public final class LeanHttp1ConnectionFactory extends AbstractConnectionFactory {
    private static final Logger log = LoggerFactory.getLogger(LeanHttp1ConnectionFactory.class);
    private static final Pattern ENCODED_NUL = Pattern.compile("%00");
    private static final CancellationException HANDED_OVER = new CancellationException("handed over to Jetty");

    private final HttpConfiguration configuration;
    private final RawTargetConnectionFactory jetty;

    public LeanHttp1ConnectionFactory(HttpConfiguration configuration) {
        super(HttpVersion.HTTP_1_1.asString());
        this.configuration = configuration;
        this.jetty = new RawTargetConnectionFactory(configuration);
        addBean(jetty);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        return configure(new LeanConnection(this, connector, endPoint), connector, endPoint);
    }

    /** The raw target of the request being handled on {@code connection}, when it is a lean one; else null. */
    static String rawTarget(Connection connection) {
        if (connection instanceof LeanConnection lean) {
            LeanRequest request = lean.active;
            return request == null ? null : request.rawTarget;
        }
        return null;
    }

    /** True when {@code connection} watches for its client leaving by itself (no {@link ClientCloseWatch} needed). */
    static boolean watchesClientClose(Connection connection) {
        return connection instanceof LeanConnection;
    }

    /** {@link Response#getContentBytesWritten(Response)}, which knows only Jetty's own responses, for lean ones too. */
    static long contentBytesWritten(Response response) {
        if (Response.getOriginalResponse(response) instanceof LeanResponse lean) {
            return lean.getContentBytesWritten();
        }
        return Response.getContentBytesWritten(response);
    }

    private enum Parsed { INCOMPLETE, REQUEST, UNSUPPORTED }

    static final class LeanConnection extends AbstractConnection implements ConnectionMetaData, Components, Connection.UpgradeFrom {
        private final LeanHttp1ConnectionFactory factory;
        private final Connector connector;
        private final Server server;
        private final HttpConfiguration configuration;
        private final int maxHead;
        private final Object lock = new Object();
        private final Callback readCallback;
        private final Attributes cache = new Attributes.Mapped();
        private Attributes attributes;
        // guarded by lock
        private RetainableByteBuffer.Mutable pooled;
        private ByteBuffer buffer;
        private boolean interested;
        private boolean closed;
        private boolean handedOver;
        private LeanRequest parsed;
        private int requests;
        private byte[] headBytes = new byte[512];
        // the request being handled; written under lock
        volatile LeanRequest active;
        // for Jetty's connection statistics (JettyConnectionMetrics); racy sums are fine for a spike
        private volatile long bytesIn;
        private volatile long bytesOut;
        private volatile long messagesIn;
        private volatile long messagesOut;

        LeanConnection(LeanHttp1ConnectionFactory factory, Connector connector, EndPoint endPoint) {
            super(endPoint, connector.getExecutor());
            this.factory = factory;
            this.connector = connector;
            this.server = connector.getServer();
            this.configuration = factory.configuration;
            this.maxHead = configuration.getRequestHeaderSize();
            Invocable.InvocationType type = server.getInvocationType();
            this.readCallback = new Callback() {
                @Override
                public void succeeded() {
                    readable();
                }

                @Override
                public void failed(Throwable failure) {
                    readFailed(failure);
                }

                @Override
                public InvocationType getInvocationType() {
                    return type;
                }
            };
        }

        @Override
        public void onOpen() {
            super.onOpen();
            synchronized (lock) {
                interested = true;
            }
            getEndPoint().fillInterested(readCallback);
        }

        @Override
        public void onFillable() {
            readable();
        }

        /** The end point has bytes (or end of stream). */
        private void readable() {
            LeanRequest gone = null;
            boolean serve = false;
            boolean close = false;
            synchronized (lock) {
                interested = false;
                if (closed || handedOver) {
                    return;
                }
                int filled = fill();
                LeanRequest request = active;
                if (request != null) {
                    // Watching while the request is handled.
                    if (filled < 0) {
                        closed = true;
                        gone = request;
                    }
                    else if (filled == 0 || buffer.capacity() > buffer.limit()) {
                        // nothing, or pipelined bytes and room for more
                        if (filled == 0) {
                            rearm();
                        }
                    }
                }
                else if (filled < 0) {
                    closed = true;
                    close = true;
                }
                else {
                    serve = true;
                }
            }
            if (gone != null) {
                gone.clientGone(new EofException("client closed the connection"));
            }
            if (close) {
                releaseBuffer();
                getEndPoint().close();
            }
            if (serve) {
                serve();
            }
        }

        private void readFailed(Throwable failure) {
            if (failure == HANDED_OVER) {
                return;
            }
            LeanRequest request;
            synchronized (lock) {
                interested = false;
                if (closed || handedOver) {
                    return;
                }
                request = active;
            }
            if (failure instanceof TimeoutException timeout && request != null && !request.idleExpired(timeout)) {
                synchronized (lock) {
                    rearm();
                }
                return;
            }
            synchronized (lock) {
                closed = true;
            }
            if (request != null) {
                request.clientGone(failure);
            }
            getEndPoint().close(failure);
        }

        /** Under lock: reads what there is room for; -1 at end of stream. */
        private int fill() {
            if (buffer == null) {
                pooled = connector.getByteBufferPool().acquire(maxHead + 1024, false);
                buffer = pooled.getByteBuffer();
                BufferUtil.clear(buffer);
            }
            if (buffer.limit() == buffer.capacity()) {
                if (buffer.position() == 0) {
                    return 0;
                }
                buffer.compact().flip();
            }
            try {
                int filled = getEndPoint().fill(buffer);
                if (filled > 0) {
                    bytesIn += filled;
                }
                return filled;
            }
            catch (IOException e) {
                return -1;
            }
        }

        /** Under lock: asks to be told when there is something to read, unless already asked. */
        private void rearm() {
            if (!interested && !closed && !handedOver) {
                interested = true;
                getEndPoint().fillInterested(readCallback);
            }
        }

        private void releaseBuffer() {
            synchronized (lock) {
                if (pooled != null) {
                    pooled.release();
                    pooled = null;
                    buffer = null;
                }
            }
        }

        /** Handles the buffered requests, one after the other, until one is held or more bytes are needed. */
        private void serve() {
            while (true) {
                LeanRequest request;
                boolean handOver = false;
                synchronized (lock) {
                    if (closed || handedOver || active != null) {
                        return;
                    }
                    Parsed result = buffer == null || !buffer.hasRemaining() ? Parsed.INCOMPLETE : parse();
                    if (result == Parsed.INCOMPLETE) {
                        if (buffer != null && buffer.limit() == buffer.capacity() && buffer.position() == 0) {
                            handOver = true;
                        }
                        else {
                            if (buffer != null && !buffer.hasRemaining()) {
                                pooled.release();
                                pooled = null;
                                buffer = null;
                            }
                            rearm();
                            return;
                        }
                    }
                    else if (result == Parsed.UNSUPPORTED) {
                        handOver = true;
                    }
                    if (handOver) {
                        handedOver = true;
                        if (interested) {
                            interested = false;
                            if (getEndPoint() instanceof AbstractEndPoint endPoint) {
                                endPoint.getFillInterest().onFail(HANDED_OVER);
                            }
                        }
                        request = null;
                    }
                    else {
                        request = parsed;
                        parsed = null;
                        active = request;
                        if (!buffer.hasRemaining()) {
                            pooled.release();
                            pooled = null;
                            buffer = null;
                        }
                    }
                }
                if (handOver) {
                    handOver();
                    return;
                }
                request.handle();
                synchronized (lock) {
                    request.handleReturned = true;
                    if (!request.completed) {
                        // Held: keep reading to notice the client leaving.
                        rearm();
                        return;
                    }
                    if (closed) {
                        return;
                    }
                }
            }
        }

        private void handOver() {
            log.debug("handing {} over to Jetty", this);
            Connection jetty = factory.jetty.newConnection(connector, getEndPoint());
            getEndPoint().upgrade(jetty);
        }

        @Override
        public ByteBuffer onUpgradeFrom() {
            synchronized (lock) {
                if (buffer == null || !buffer.hasRemaining()) {
                    releaseBuffer();
                    return null;
                }
                ByteBuffer copy = BufferUtil.allocate(buffer.remaining());
                BufferUtil.append(copy, buffer);
                pooled.release();
                pooled = null;
                buffer = null;
                return copy;
            }
        }

        /** Called once a request's answer is complete (the handler's callback and the last write). */
        void completed(LeanRequest request, Throwable failure) {
            messagesOut++;
            try {
                RequestLog requestLog = server.getRequestLog();
                if (requestLog != null) {
                    requestLog.log(request.logged, request.response);
                }
            }
            catch (Throwable x) {
                log.warn("request log failed", x);
            }
            boolean next;
            boolean close = false;
            synchronized (lock) {
                request.completed = true;
                active = null;
                if (failure != null || !request.response.persistent || closed) {
                    closed = true;
                    close = true;
                }
                next = !close && request.handleReturned;
            }
            if (close) {
                releaseBuffer();
                getEndPoint().close(failure);
                return;
            }
            if (next) {
                serve();
            }
        }

        @Override
        public void onClose(Throwable cause) {
            LeanRequest request;
            boolean handed;
            synchronized (lock) {
                closed = true;
                request = active;
                handed = handedOver;
            }
            if (!handed) {
                releaseBuffer();
                if (request != null) {
                    request.clientGone(cause == null ? new EofException("connection closed") : cause);
                }
            }
            super.onClose(cause);
        }

        @Override
        protected boolean onReadTimeout(TimeoutException timeout) {
            return true;
        }

        /** Under lock: parses the request head at the buffer's position into {@link #parsed}. */
        private Parsed parse() {
            ByteBuffer in = buffer;
            byte[] array = in.array();
            int offset = in.arrayOffset();
            int start = in.position();
            int limit = in.limit();
            byte first = array[offset + start];
            if (first == '\r' || first == '\n') {
                return Parsed.UNSUPPORTED;
            }
            int end = -1;
            for (int index = start + 3; index < limit; index++) {
                if (array[offset + index] == '\n' && array[offset + index - 1] == '\r' && array[offset + index - 2] == '\n'
                        && array[offset + index - 3] == '\r') {
                    end = index + 1;
                    break;
                }
            }
            if (end < 0) {
                return limit - start > maxHead ? Parsed.UNSUPPORTED : Parsed.INCOMPLETE;
            }
            if (end - start > maxHead) {
                return Parsed.UNSUPPORTED;
            }
            long headersNanos = System.nanoTime();
            // request line
            int lineEnd = lineEnd(array, offset + start, offset + end);
            int space1 = indexOf(array, offset + start, lineEnd, (byte) ' ');
            if (space1 < 0) {
                return Parsed.UNSUPPORTED;
            }
            int space2 = indexOf(array, space1 + 1, lineEnd, (byte) ' ');
            if (space2 < 0) {
                return Parsed.UNSUPPORTED;
            }
            String method;
            int methodLength = space1 - (offset + start);
            if (methodLength == 3 && array[offset + start] == 'G' && array[offset + start + 1] == 'E' && array[offset + start + 2] == 'T') {
                method = "GET";
            }
            else if (methodLength == 4 && array[offset + start] == 'H' && array[offset + start + 1] == 'E' && array[offset + start + 2] == 'A'
                    && array[offset + start + 3] == 'D') {
                method = "HEAD";
            }
            else {
                return Parsed.UNSUPPORTED;
            }
            if (lineEnd - (space2 + 1) != 8 || !"HTTP/1.1".equals(new String(array, space2 + 1, 8, StandardCharsets.ISO_8859_1))) {
                return Parsed.UNSUPPORTED;
            }
            if (array[space1 + 1] != '/') {
                return Parsed.UNSUPPORTED;
            }
            for (int index = space1 + 1; index < space2; index++) {
                int character = array[index] & 0xFF;
                if (character <= 0x20 || character >= 0x7F) {
                    return Parsed.UNSUPPORTED;
                }
            }
            String target = new String(array, space1 + 1, space2 - space1 - 1, StandardCharsets.ISO_8859_1);
            // header lines
            HttpFields.Mutable fields = HttpFields.build();
            String host = null;
            boolean persistent = true;
            int line = lineEnd + 2;
            while (line < offset + end - 2) {
                int next = lineEnd(array, line, offset + end);
                byte lead = array[line];
                if (lead == ' ' || lead == '\t') {
                    return Parsed.UNSUPPORTED;
                }
                int colon = indexOf(array, line, next, (byte) ':');
                if (colon <= line) {
                    return Parsed.UNSUPPORTED;
                }
                for (int index = line; index < colon; index++) {
                    byte character = array[index];
                    if (character <= ' ' || character >= 0x7F) {
                        return Parsed.UNSUPPORTED;
                    }
                }
                int valueStart = colon + 1;
                int valueEnd = next;
                while (valueStart < valueEnd && (array[valueStart] == ' ' || array[valueStart] == '\t')) {
                    valueStart++;
                }
                while (valueEnd > valueStart && (array[valueEnd - 1] == ' ' || array[valueEnd - 1] == '\t')) {
                    valueEnd--;
                }
                String name = new String(array, line, colon - line, StandardCharsets.ISO_8859_1);
                String value = new String(array, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
                HttpHeader header = HttpHeader.CACHE.get(name);
                if (header != null) {
                    switch (header) {
                        case CONTENT_LENGTH -> {
                            if (!value.equals("0")) {
                                return Parsed.UNSUPPORTED;
                            }
                        }
                        case TRANSFER_ENCODING, UPGRADE, EXPECT, HTTP2_SETTINGS -> {
                            return Parsed.UNSUPPORTED;
                        }
                        case HOST -> {
                            if (host != null) {
                                return Parsed.UNSUPPORTED;
                            }
                            host = value;
                        }
                        case CONNECTION -> {
                            String lower = value.toLowerCase(java.util.Locale.ROOT);
                            if (lower.contains("upgrade")) {
                                return Parsed.UNSUPPORTED;
                            }
                            if (lower.contains("close")) {
                                persistent = false;
                            }
                        }
                        default -> {
                        }
                    }
                    fields.add(new HttpField(header, header.asString().equals(name) ? header.asString() : name, value));
                }
                else {
                    fields.add(new HttpField(name, value));
                }
                line = next + 2;
            }
            if (host == null) {
                return Parsed.UNSUPPORTED;
            }
            String parsable = target.contains("%00") ? ENCODED_NUL.matcher(target).replaceAll("%01") : target;
            HttpURI uri;
            try {
                HttpURI.Mutable builder = HttpURI.build(parsable);
                builder.scheme("http");
                builder.authority(host);
                uri = builder.asImmutable();
                if (uri.getCanonicalPath() == null) {
                    return Parsed.UNSUPPORTED;
                }
            }
            catch (RuntimeException e) {
                return Parsed.UNSUPPORTED;
            }
            in.position(end - offset);
            requests++;
            messagesIn++;
            parsed = new LeanRequest(this, method, target, uri, fields.asImmutable(), persistent, headersNanos);
            return Parsed.REQUEST;
        }

        private static int lineEnd(byte[] array, int from, int to) {
            for (int index = from; index + 1 < to; index++) {
                if (array[index] == '\r' && array[index + 1] == '\n') {
                    return index;
                }
            }
            return to;
        }

        private static int indexOf(byte[] array, int from, int to, byte wanted) {
            for (int index = from; index < to; index++) {
                if (array[index] == wanted) {
                    return index;
                }
            }
            return -1;
        }

        // Response heads are written one at a time per connection: one reusable array.
        byte[] headBytes(int size) {
            if (headBytes.length < size) {
                headBytes = new byte[Math.max(size, headBytes.length * 2)];
            }
            return headBytes;
        }

        Server server() {
            return server;
        }

        void wrote(long bytes) {
            bytesOut += bytes;
        }

        @Override
        public long getMessagesIn() {
            return messagesIn;
        }

        @Override
        public long getMessagesOut() {
            return messagesOut;
        }

        @Override
        public long getBytesIn() {
            return bytesIn;
        }

        @Override
        public long getBytesOut() {
            return bytesOut;
        }

        String nextRequestId() {
            return getId() + "/" + requests;
        }

        // ConnectionMetaData

        @Override
        public String getId() {
            return Integer.toHexString(System.identityHashCode(this));
        }

        @Override
        public HttpConfiguration getHttpConfiguration() {
            return configuration;
        }

        @Override
        public HttpVersion getHttpVersion() {
            return HttpVersion.HTTP_1_1;
        }

        @Override
        public String getProtocol() {
            return HttpVersion.HTTP_1_1.asString();
        }

        @Override
        public Connection getConnection() {
            return this;
        }

        @Override
        public Connector getConnector() {
            return connector;
        }

        @Override
        public boolean isPersistent() {
            LeanRequest request = active;
            return request == null || request.response.persistent;
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return getEndPoint().getRemoteSocketAddress();
        }

        @Override
        public SocketAddress getLocalSocketAddress() {
            return getEndPoint().getLocalSocketAddress();
        }

        private Attributes attributes() {
            Attributes held = attributes;
            if (held == null) {
                held = new Attributes.Mapped();
                attributes = held;
            }
            return held;
        }

        @Override
        public Object removeAttribute(String name) {
            return attributes().removeAttribute(name);
        }

        @Override
        public Object setAttribute(String name, Object attribute) {
            return attributes().setAttribute(name, attribute);
        }

        @Override
        public Object getAttribute(String name) {
            Attributes held = attributes;
            return held == null ? null : held.getAttribute(name);
        }

        @Override
        public Set<String> getAttributeNameSet() {
            Attributes held = attributes;
            return held == null ? Set.of() : held.getAttributeNameSet();
        }

        // Components

        @Override
        public ByteBufferPool getByteBufferPool() {
            return connector.getByteBufferPool();
        }

        @Override
        public Scheduler getScheduler() {
            return connector.getScheduler();
        }

        @Override
        public ThreadPool getThreadPool() {
            return server.getThreadPool();
        }

        @Override
        public Attributes getCache() {
            return cache;
        }

        @Override
        public java.util.concurrent.Executor getExecutor() {
            return super.getExecutor();
        }
    }

    /** One request of a lean connection, its response and the callback the handlers complete. */
    static final class LeanRequest implements Request, Callback {
        private final LeanConnection connection;
        private final String method;
        final String rawTarget;
        private final HttpURI uri;
        private final HttpFields headers;
        private final long beginNanos;
        private final long headersNanos;
        private final String id;
        final LeanResponse response;
        private final AtomicBoolean done = new AtomicBoolean();
        private Map<String, Object> attributes;
        private final List<Consumer<Throwable>> failureListeners = new ArrayList<>(1);
        private final List<Predicate<TimeoutException>> idleListeners = new ArrayList<>(1);
        Request logged;
        // guarded by the connection's lock
        boolean handleReturned;
        boolean completed;

        LeanRequest(LeanConnection connection, String method, String rawTarget, HttpURI uri, HttpFields headers, boolean persistent,
                long headersNanos) {
            this.connection = connection;
            this.method = method;
            this.rawTarget = rawTarget;
            this.uri = uri;
            this.headers = headers;
            this.beginNanos = headersNanos;
            this.headersNanos = headersNanos;
            this.id = connection.nextRequestId();
            this.response = new LeanResponse(this, persistent);
            this.logged = this;
        }

        /** Runs the server's handlers, as Jetty's HttpChannelState does. */
        void handle() {
            Server server = connection.server();
            Request customized = this;
            try {
                for (org.eclipse.jetty.server.HttpConfiguration.Customizer customizer : connection.getHttpConfiguration().getCustomizers()) {
                    Request next = customizer.customize(customized, response.getHeaders());
                    customized = next == null ? customized : next;
                }
                logged = customized;
                if (!server.handle(customized, response, this)) {
                    Response.writeError(customized, response, this, HttpStatus.NOT_FOUND_404);
                }
            }
            catch (Throwable x) {
                failed(x);
            }
        }

        /** The client left, or the connection failed, while the request was handled. */
        void clientGone(Throwable cause) {
            List<Consumer<Throwable>> listeners;
            synchronized (this) {
                listeners = List.copyOf(failureListeners);
            }
            for (Consumer<Throwable> listener : listeners) {
                try {
                    listener.accept(cause);
                }
                catch (Throwable x) {
                    log.debug("failure listener failed", x);
                }
            }
        }

        /** True when the idle timeout must fail the request. */
        boolean idleExpired(TimeoutException timeout) {
            List<Predicate<TimeoutException>> listeners;
            synchronized (this) {
                listeners = List.copyOf(idleListeners);
            }
            if (listeners.isEmpty()) {
                return true;
            }
            boolean fail = false;
            for (Predicate<TimeoutException> listener : listeners) {
                fail |= listener.test(timeout);
            }
            return fail;
        }

        // Callback: the handlers are done.

        @Override
        public void succeeded() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (response.hasLastWrite()) {
                connection.completed(this, null);
                return;
            }
            response.write(true, null, Callback.from(() -> connection.completed(this, null), x -> connection.completed(this, x)));
        }

        @Override
        public void failed(Throwable failure) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (!response.isCommitted() && connection.getEndPoint().isOpen()) {
                response.reset();
                response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR_500);
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
                response.write(true, null, Callback.from(() -> connection.completed(this, failure), x -> connection.completed(this, failure)));
                return;
            }
            if (!response.isCommitted()) {
                response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR_500);
            }
            connection.completed(this, failure);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        // Request

        @Override
        public String getId() {
            return id;
        }

        @Override
        public Components getComponents() {
            return connection;
        }

        @Override
        public ConnectionMetaData getConnectionMetaData() {
            return connection;
        }

        @Override
        public String getMethod() {
            return method;
        }

        @Override
        public HttpURI getHttpURI() {
            return uri;
        }

        @Override
        public Context getContext() {
            return connection.server().getContext();
        }

        @Override
        public HttpFields getHeaders() {
            return headers;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }

        @Override
        public HttpFields getTrailers() {
            return null;
        }

        @Override
        public long getBeginNanoTime() {
            return beginNanos;
        }

        @Override
        public long getHeadersNanoTime() {
            return headersNanos;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public Content.Chunk read() {
            return Content.Chunk.EOF;
        }

        @Override
        public void fail(Throwable failure) {
        }

        @Override
        public boolean consumeAvailable() {
            return true;
        }

        @Override
        public void addIdleTimeoutListener(Predicate<TimeoutException> onIdleTimeout) {
            synchronized (this) {
                idleListeners.add(onIdleTimeout);
            }
        }

        @Override
        public void addFailureListener(Consumer<Throwable> onFailure) {
            synchronized (this) {
                failureListeners.add(onFailure);
            }
        }

        @Override
        public TunnelSupport getTunnelSupport() {
            return null;
        }

        @Override
        public void addHttpStreamWrapper(Function<HttpStream, HttpStream> wrapper) {
            throw new UnsupportedOperationException("lean HTTP/1 connections have no HttpStream");
        }

        @Override
        public Session getSession(boolean create) {
            return null;
        }

        @Override
        public synchronized Object removeAttribute(String name) {
            return attributes == null ? null : attributes.remove(name);
        }

        @Override
        public synchronized Object setAttribute(String name, Object attribute) {
            if (attribute == null) {
                return removeAttribute(name);
            }
            if (attributes == null) {
                attributes = new HashMap<>(4);
            }
            return attributes.put(name, attribute);
        }

        @Override
        public synchronized Object getAttribute(String name) {
            return attributes == null ? null : attributes.get(name);
        }

        @Override
        public synchronized Set<String> getAttributeNameSet() {
            return attributes == null ? Set.of() : Set.copyOf(attributes.keySet());
        }

        @Override
        public String toString() {
            return method + " " + uri + " HTTP/1.1 (lean)";
        }
    }

    /** The response of a lean request: writes its head on the first write, straight to the end point. */
    static final class LeanResponse implements Response {
        private static final byte[] CRLF = {'\r', '\n'};
        private static final ByteBuffer LAST_CHUNK = BufferUtil.toBuffer("0\r\n\r\n");
        private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.ISO_8859_1);
        private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.ISO_8859_1);
        private static final byte[] CONNECTION_CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.ISO_8859_1);
        // Racy lazy cache: threads that race build the same bytes.
        private static final byte[][] STATUS_LINES = new byte[600][];

        private final LeanRequest request;
        private final HttpFields.Mutable headers = HttpFields.build();
        private int status;
        boolean persistent;
        private volatile boolean committed;
        private volatile boolean lastWrite;
        private volatile boolean completedSuccessfully;
        private boolean chunked;
        private long contentBytesWritten;
        private Supplier<HttpFields> trailers;

        LeanResponse(LeanRequest request, boolean persistent) {
            this.request = request;
            this.persistent = persistent;
            LeanConnection connection = request.connection;
            if (connection.getHttpConfiguration().getSendDateHeader()) {
                headers.add(connection.server().getDateField());
            }
        }

        @Override
        public Request getRequest() {
            return request;
        }

        @Override
        public int getStatus() {
            return status;
        }

        @Override
        public void setStatus(int code) {
            if (!committed) {
                status = code;
            }
        }

        @Override
        public HttpFields.Mutable getHeaders() {
            return headers;
        }

        @Override
        public Supplier<HttpFields> getTrailersSupplier() {
            return trailers;
        }

        @Override
        public void setTrailersSupplier(Supplier<HttpFields> trailers) {
            this.trailers = trailers;
        }

        @Override
        public boolean isCommitted() {
            return committed;
        }

        @Override
        public boolean hasLastWrite() {
            return lastWrite;
        }

        @Override
        public boolean isCompletedSuccessfully() {
            return completedSuccessfully;
        }

        @Override
        public void reset() {
            if (committed) {
                throw new IllegalStateException("committed");
            }
            headers.clear();
            status = 0;
            LeanConnection connection = request.connection;
            if (connection.getHttpConfiguration().getSendDateHeader()) {
                headers.add(connection.server().getDateField());
            }
        }

        @Override
        public CompletableFuture<Void> writeInterim(int status, HttpFields headers) {
            return CompletableFuture.completedFuture(null);
        }

        public long getContentBytesWritten() {
            return contentBytesWritten;
        }

        @Override
        public void write(boolean last, ByteBuffer content, Callback callback) {
            if (lastWrite) {
                callback.failed(new IllegalStateException("last write already done"));
                return;
            }
            int length = content == null ? 0 : content.remaining();
            ByteBuffer head = null;
            if (!committed) {
                committed = true;
                head = head(last, length);
            }
            if (last) {
                lastWrite = true;
            }
            contentBytesWritten += length;
            boolean body = length > 0 && !"HEAD".equals(request.getMethod()) && bodyAllowed(status);
            ByteBuffer[] buffers;
            if (chunked) {
                List<ByteBuffer> list = new ArrayList<>(4);
                if (head != null) {
                    list.add(head);
                }
                if (body) {
                    list.add(BufferUtil.toBuffer(Integer.toHexString(length) + "\r\n"));
                    list.add(content);
                    list.add(ByteBuffer.wrap(CRLF));
                }
                if (last) {
                    list.add(LAST_CHUNK.slice());
                }
                buffers = list.toArray(ByteBuffer[]::new);
            }
            else if (head != null) {
                buffers = body ? new ByteBuffer[] {head, content} : new ByteBuffer[] {head};
            }
            else {
                buffers = body ? new ByteBuffer[] {content} : new ByteBuffer[0];
            }
            Callback written = last ? new Callback.Nested(callback) {
                @Override
                public void succeeded() {
                    completedSuccessfully = true;
                    super.succeeded();
                }
            } : callback;
            if (buffers.length == 0) {
                written.succeeded();
                return;
            }
            long total = 0;
            for (ByteBuffer buffer : buffers) {
                total += buffer.remaining();
            }
            request.connection.wrote(total);
            try {
                request.connection.getEndPoint().write(written, buffers);
            }
            catch (Throwable x) {
                written.failed(x);
            }
        }

        private static boolean bodyAllowed(int status) {
            return status >= 200 && status != HttpStatus.NO_CONTENT_204 && status != HttpStatus.NOT_MODIFIED_304;
        }

        /** The status line and header fields, with Content-Length (last write) or chunked. */
        private ByteBuffer head(boolean last, int length) {
            if (status == 0) {
                status = HttpStatus.OK_200;
            }
            byte[] statusLine = statusLine(status);
            int size = statusLine.length + 64;
            boolean hasLength = false;
            for (HttpField field : headers) {
                String value = field.getValue();
                if (value == null) {
                    continue;
                }
                size += field.getName().length() + value.length() + 4;
                HttpHeader header = field.getHeader();
                if (header == HttpHeader.CONTENT_LENGTH) {
                    hasLength = true;
                }
                else if (header == HttpHeader.CONNECTION && value.toLowerCase(java.util.Locale.ROOT).contains("close")) {
                    persistent = false;
                }
            }
            ByteBuffer out = ByteBuffer.wrap(request.connection.headBytes(size));
            out.put(statusLine);
            for (HttpField field : headers) {
                String value = field.getValue();
                if (value == null) {
                    continue;
                }
                if (field instanceof PreEncodedHttpField preEncoded) {
                    preEncoded.putTo(out, HttpVersion.HTTP_1_1);
                }
                else {
                    putLatin1(out, field.getName());
                    out.put((byte) ':').put((byte) ' ');
                    putLatin1(out, value);
                    out.put(CRLF);
                }
            }
            if (bodyAllowed(status) && !hasLength) {
                if (last) {
                    out.put(CONTENT_LENGTH);
                    putLatin1(out, Integer.toString(length));
                    out.put(CRLF);
                }
                else {
                    chunked = true;
                    out.put(CHUNKED);
                }
            }
            if (!persistent && !headers.contains(HttpHeader.CONNECTION, "close")) {
                out.put(CONNECTION_CLOSE);
            }
            out.put(CRLF);
            out.flip();
            return out;
        }

        private static void putLatin1(ByteBuffer out, String text) {
            int length = text.length();
            for (int index = 0; index < length; index++) {
                char character = text.charAt(index);
                out.put(character < 0x100 ? (byte) character : (byte) '?');
            }
        }

        private static byte[] statusLine(int status) {
            if (status >= 100 && status < 600) {
                byte[] line = STATUS_LINES[status];
                if (line == null) {
                    line = ("HTTP/1.1 " + status + " " + HttpStatus.getMessage(status) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                    STATUS_LINES[status] = line;
                }
                return line;
            }
            return ("HTTP/1.1 " + status + " " + HttpStatus.getMessage(status) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }
    }
}
