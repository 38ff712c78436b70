package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tool's HTTP/1.1 client: non-blocking, one network thread ({@link ClientLoop}) for every
 * connection, requests written as bytes and answers read as far as the tool needs them. Simulated
 * clients each get a {@link Lane} (a connection of their own); setup requests share a pool of
 * lanes. Publisher requests (POST, PUT, channel information) go to the publisher server, which is
 * the subscribers' server unless a run measures two nodes of one cluster.
 * <p>
 * Its own client rather than a general one: the tool shares the cores with the server it measures,
 * and every microsecond it spends per answer is taken from that server and added to the latencies.
 */
final class BenchClient implements AutoCloseable {
    /** Connections being opened at once: a burst of 10,000 would overflow the server's accept queue. */
    private static final int CONNECTING_AT_ONCE = 128;

    private final ClientLoop loop;
    private final Endpoint subscriberServer;
    private final Endpoint publisherServer;
    private final long timeoutNanos;
    private final Map<Endpoint, Queue<Lane>> idleLanes = new ConcurrentHashMap<>();
    // a run uses a few paths many times: each is checked and resolved once
    private final Map<String, String> targets = new ConcurrentHashMap<>();

    private BenchClient(ClientLoop loop, Endpoint subscriberServer, Endpoint publisherServer, long timeoutNanos) {
        this.loop = loop;
        this.subscriberServer = subscriberServer;
        this.publisherServer = publisherServer;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * A started client for subscribers of the server at {@code base} and publishers of the one at
     * {@code publisherBase} (often the same); every request times out after {@code bound}.
     */
    static BenchClient start(URI base, URI publisherBase, Duration bound) {
        requireNonNull(base, "base is null");
        requireNonNull(publisherBase, "publisherBase is null");
        Endpoint subscriberServer = Endpoint.of(base);
        Endpoint publisherServer = publisherBase.equals(base) ? subscriberServer : Endpoint.of(publisherBase);
        return new BenchClient(ClientLoop.start(), subscriberServer, publisherServer, bound.toNanos());
    }

    /** A subscriber's GET. */
    WireRequest get(String path, Optional<Validators> validators) {
        return WireRequest.get(subscriberServer, target(path), validators);
    }

    /** A publisher's GET: channel information. */
    WireRequest channelInfo(String path) {
        return WireRequest.get(publisherServer, target(path), Optional.empty());
    }

    WireRequest post(String path, byte[] body) {
        return WireRequest.withBody(publisherServer, "POST", target(path), "text/plain", body);
    }

    WireRequest put(String path) {
        return WireRequest.withBody(publisherServer, "PUT", target(path), "text/plain", new byte[0]);
    }

    /** Sends on a pooled connection: for setup, posts and channel information, not for the load itself. */
    CompletableFuture<Answer> send(WireRequest request) {
        Queue<Lane> idle = idleLanes.computeIfAbsent(request.endpoint(), server -> new ConcurrentLinkedQueue<>());
        Lane taken = idle.poll();
        Lane lane = taken != null ? taken : new Lane(loop, request.endpoint(), timeoutNanos);
        return lane.send(request).whenComplete((answer, failure) -> {
            if (failure == null) {
                idle.add(lane);
            }
            else {
                lane.close();
            }
        });
    }

    /**
     * {@code count} connected subscriber lanes, at most {@link #CONNECTING_AT_ONCE} connecting at a
     * time; fails with the first connection that fails.
     */
    CompletableFuture<List<Lane>> connectedLanes(int count) {
        return connectedLanes(count, subscriberServer);
    }

    /** {@code count} connected lanes to the publisher server. */
    CompletableFuture<List<Lane>> connectedPublisherLanes(int count) {
        return connectedLanes(count, publisherServer);
    }

    private CompletableFuture<List<Lane>> connectedLanes(int count, Endpoint server) {
        List<Lane> lanes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lanes.add(new Lane(loop, server, timeoutNanos));
        }
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> connectors = new ArrayList<>();
        for (int i = 0; i < Math.min(count, CONNECTING_AT_ONCE); i++) {
            connectors.add(connectNext(lanes, next));
        }
        return CompletableFuture.allOf(connectors.toArray(CompletableFuture[]::new)).thenApply(done -> lanes);
    }

    private static CompletableFuture<Void> connectNext(List<Lane> lanes, AtomicInteger next) {
        int index = next.getAndIncrement();
        if (index >= lanes.size()) {
            return CompletableFuture.completedFuture(null);
        }
        return lanes.get(index).connect().thenCompose(connected -> connectNext(lanes, next));
    }

    /** The request target of {@code path} ("/prefix/channel"), checked as a URI reference. */
    private String target(String path) {
        return targets.computeIfAbsent(path, BenchClient::resolve);
    }

    private static String resolve(String path) {
        URI uri = URI.create("http://server/").resolve(path);
        return uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    }

    @Override
    public void close() throws InterruptedException {
        loop.close();
    }
}
