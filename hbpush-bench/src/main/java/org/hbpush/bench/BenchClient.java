package org.hbpush.bench;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty's non-blocking HTTP/1.1 client, set up for load: no thread per connection, no connection
 * limit, no compression, request timeouts at the run's bound. Simulated clients each get a
 * {@link Lane} (a connection of their own); setup requests share a pool. Publisher requests
 * (POST, PUT, channel information) go to the publisher server, which is the subscribers' server
 * unless a run measures two nodes of one cluster.
 */
final class BenchClient implements AutoCloseable {
    /** Connections being opened at once: a burst of 10,000 would overflow the server's accept queue. */
    private static final int CONNECTING_AT_ONCE = 128;
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private final HttpClient http;
    private final URI base;
    private final URI publisherBase;
    private final Destination destination;
    private final Destination publisherDestination;
    private final long timeoutMillis;

    private BenchClient(HttpClient http, URI base, URI publisherBase, long timeoutMillis) {
        this.http = http;
        this.base = base;
        this.publisherBase = publisherBase;
        this.destination = http.resolveDestination(http.newRequest(base));
        this.publisherDestination = http.resolveDestination(http.newRequest(publisherBase));
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * A started client for subscribers of the server at {@code base} and publishers of the one at
     * {@code publisherBase} (often the same); every request times out after {@code bound}.
     */
    static BenchClient start(URI base, URI publisherBase, Duration bound) throws Exception {
        requireNonNull(base, "base is null");
        requireNonNull(publisherBase, "publisherBase is null");
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("hbpush-bench");
        threads.setDaemon(true);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP();
        // The tool's listeners never block (they record, complete futures and send the next request
        // asynchronously): answers are handled on the selector's thread, with no hand-off to another
        // thread for each, which would take CPU from the server under test on a shared machine.
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        HttpClient http = new HttpClient(transport);
        http.setExecutor(threads);
        http.setName("hbpush-bench");
        http.setConnectTimeout(10_000);
        http.setIdleTimeout(bound.toMillis());
        http.setMaxConnectionsPerDestination(1024);
        http.setMaxRequestsQueuedPerDestination(1 << 20);
        http.setFollowRedirects(false);
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "hbpush-bench"));
        // no Accept-Encoding: both servers answer as they would to a plain client
        http.getContentDecoderFactories().clear();
        http.start();
        return new BenchClient(http, base, publisherBase, bound.toMillis());
    }

    /** A subscriber's GET. */
    Request get(String path, Optional<Validators> validators) {
        Request request = request(base, path).method(HttpMethod.GET);
        validators.ifPresent(known -> request.headers(headers -> headers
                .put(HttpHeader.IF_MODIFIED_SINCE, known.lastModified())
                .put(HttpHeader.IF_NONE_MATCH, known.etag())));
        return request;
    }

    /** A publisher's GET: channel information. */
    Request channelInfo(String path) {
        return request(publisherBase, path).method(HttpMethod.GET);
    }

    Request post(String path, byte[] body) {
        return request(publisherBase, path).method(HttpMethod.POST).body(new BytesRequestContent("text/plain", body));
    }

    Request put(String path) {
        return request(publisherBase, path).method(HttpMethod.PUT);
    }

    /** Sends on a pooled connection: for setup and channel information, not for the load itself. */
    CompletableFuture<Answer> send(Request request) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        request.send(listener(answer));
        return answer;
    }

    /**
     * {@code count} connected subscriber lanes, at most {@link #CONNECTING_AT_ONCE} connecting at a
     * time; fails with the first connection that fails.
     */
    CompletableFuture<List<Lane>> connectedLanes(int count) {
        return connectedLanes(count, destination);
    }

    /** {@code count} connected lanes to the publisher server. */
    CompletableFuture<List<Lane>> connectedPublisherLanes(int count) {
        return connectedLanes(count, publisherDestination);
    }

    private CompletableFuture<List<Lane>> connectedLanes(int count, Destination to) {
        List<Lane> lanes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lanes.add(new Lane(this, to));
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

    Response.CompleteListener listener(CompletableFuture<Answer> answer) {
        return new BufferingResponseListener(MAX_BODY) {
            @Override
            public void onComplete(Result result) {
                if (result.isFailed()) {
                    answer.completeExceptionally(result.getFailure());
                    return;
                }
                Response response = result.getResponse();
                String lastModified = response.getHeaders().get(HttpHeader.LAST_MODIFIED);
                String etag = response.getHeaders().get(HttpHeader.ETAG);
                Optional<Validators> validators = lastModified != null && etag != null
                        ? Optional.of(new Validators(lastModified, etag))
                        : Optional.empty();
                boolean closes = response.getHeaders().contains(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
                answer.complete(new Answer(response.getStatus(), validators, "true".equals(response.getHeaders().get("X-Hbpush-Gap")),
                        closes, getContentAsString(ISO_8859_1)));
            }
        };
    }

    private Request request(URI server, String path) {
        return http.newRequest(server.resolve(path))
                .idleTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
        http.stop();
    }
}
