package org.hbpush.server.http.lean;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Components;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Context;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Session;
import org.eclipse.jetty.server.TunnelSupport;
import org.eclipse.jetty.util.Attributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * A request of a lean connection, as the handlers see it. Its body, if any, was read whole before
 * the request was made: reading gives it as one last chunk (or end of content at once when there is
 * none), and demand is always met at once. There are no trailers.
 *
 * <p>Not supported, because no handler of hbpushd uses them: {@link #addHttpStreamWrapper} throws
 * (Jetty's StatisticsHandler, EventsHandler or compression would need it; put them on a listener
 * with {@code http1_connection: jetty}), and there is no tunnel, session or push.
 */
final class LeanRequest implements Request {
    private static final Logger log = LoggerFactory.getLogger(LeanRequest.class);

    private final LeanConnectionMetaData metaData;
    private final RequestHead head;
    private final int number;
    private final long beginNanos;
    private final long headersNanos;
    // Immutable lists, replaced as listeners come (a held poll adds one of each): no list objects for
    // the requests that add none, and a copy-free read when they are told.
    private List<Consumer<Throwable>> failureListeners = List.of();
    private List<Predicate<TimeoutException>> idleTimeoutListeners = List.of();
    // Made by the first setAttribute: most requests never get one, and a request finished long after
    // it began (a held poll) looks its attributes up without reaching into another object.
    private volatile Attributes attributes;
    // what read() gives next: the body, then EOF (or the failure the request was failed with)
    private Content.Chunk next;

    /**
     * @param body         the request's whole body, null when it has none
     * @param number       the request's number on its connection, which makes its id with the connection's
     * @param beginNanos   when the first byte of the request arrived (or the request before it was done)
     * @param headersNanos when its head was complete
     */
    LeanRequest(LeanConnectionMetaData metaData, RequestHead head, ByteBuffer body, int number, long beginNanos, long headersNanos) {
        this.metaData = requireNonNull(metaData, "metaData is null");
        this.head = requireNonNull(head, "head is null");
        this.next = body == null ? Content.Chunk.EOF : Content.Chunk.from(body, true);
        this.number = number;
        this.beginNanos = beginNanos;
        this.headersNanos = headersNanos;
    }

    RequestHead head() {
        return head;
    }

    /** Tells the failure listeners that the client left, or the connection failed, while the request was handled. */
    void failed(Throwable cause) {
        List<Consumer<Throwable>> listeners;
        synchronized (this) {
            listeners = failureListeners;
        }
        for (Consumer<Throwable> listener : listeners) {
            try {
                listener.accept(cause);
            }
            catch (Throwable x) {
                log.debug("failure listener of {} failed", this, x);
            }
        }
    }

    /** True when the idle timeout must fail the request: a listener says so, or there is none (as in Jetty). */
    boolean idleExpired(TimeoutException timeout) {
        List<Predicate<TimeoutException>> listeners;
        synchronized (this) {
            listeners = idleTimeoutListeners;
        }
        boolean fail = listeners.isEmpty();
        for (Predicate<TimeoutException> listener : listeners) {
            fail |= listener.test(timeout);
        }
        return fail;
    }

    @Override
    public void addFailureListener(Consumer<Throwable> onFailure) {
        requireNonNull(onFailure, "onFailure is null");
        synchronized (this) {
            failureListeners = appended(failureListeners, onFailure);
        }
    }

    @Override
    public void addIdleTimeoutListener(Predicate<TimeoutException> onIdleTimeout) {
        requireNonNull(onIdleTimeout, "onIdleTimeout is null");
        synchronized (this) {
            idleTimeoutListeners = appended(idleTimeoutListeners, onIdleTimeout);
        }
    }

    private static <T> List<T> appended(List<T> list, T element) {
        return list.isEmpty() ? List.of(element) : Stream.concat(list.stream(), Stream.of(element)).toList();
    }

    @Override
    public Object getAttribute(String name) {
        Attributes known = attributes;
        return known == null ? null : known.getAttribute(name);
    }

    @Override
    public Object setAttribute(String name, Object value) {
        Attributes known = attributes;
        if (known == null) {
            synchronized (this) {
                known = attributes;
                if (known == null) {
                    known = new Attributes.Mapped();
                    attributes = known;
                }
            }
        }
        return known.setAttribute(name, value);
    }

    @Override
    public Object removeAttribute(String name) {
        Attributes known = attributes;
        return known == null ? null : known.removeAttribute(name);
    }

    @Override
    public Set<String> getAttributeNameSet() {
        Attributes known = attributes;
        return known == null ? Set.of() : known.getAttributeNameSet();
    }

    @Override
    public void clearAttributes() {
        Attributes known = attributes;
        if (known != null) {
            known.clearAttributes();
        }
    }

    @Override
    public void addHttpStreamWrapper(Function<HttpStream, HttpStream> wrapper) {
        throw new UnsupportedOperationException("a lean HTTP/1 connection has no HttpStream to wrap; "
                + "set http1_connection: jetty to use handlers that wrap it (StatisticsHandler, EventsHandler, compression)");
    }

    @Override
    public String getId() {
        // made when asked: nothing on a poll's path asks
        return metaData.getId() + "/" + number;
    }

    @Override
    public Components getComponents() {
        return metaData;
    }

    @Override
    public ConnectionMetaData getConnectionMetaData() {
        return metaData;
    }

    @Override
    public String getMethod() {
        return head.method();
    }

    @Override
    public HttpURI getHttpURI() {
        return head.uri();
    }

    @Override
    public Context getContext() {
        return metaData.getConnector().getServer().getContext();
    }

    @Override
    public HttpFields getHeaders() {
        return head.fields();
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
    public long getLength() {
        return head.contentLength();
    }

    @Override
    public synchronized Content.Chunk read() {
        Content.Chunk chunk = next;
        if (!Content.Chunk.isFailure(chunk)) {
            next = Content.Chunk.EOF;
        }
        return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
        // the whole body is here: there is always something to read
        demandCallback.run();
    }

    @Override
    public synchronized void fail(Throwable failure) {
        if (next != Content.Chunk.EOF) {
            next = Content.Chunk.from(failure, true);
        }
    }

    @Override
    public synchronized boolean consumeAvailable() {
        if (!Content.Chunk.isFailure(next)) {
            next = Content.Chunk.EOF;
        }
        return true;
    }

    @Override
    public TunnelSupport getTunnelSupport() {
        return null;
    }

    @Override
    public Session getSession(boolean create) {
        return null;
    }

    @Override
    public String toString() {
        return head.method() + " " + head.uri() + " HTTP/1.1 (lean)";
    }
}
