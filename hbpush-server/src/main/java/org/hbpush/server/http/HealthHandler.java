package org.hbpush.server.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.api.ChannelId;
import org.hbpush.api.Store;
import org.hbpush.server.config.AccessRules;
import org.hbpush.server.config.LocationType;

import static java.util.Objects.requireNonNull;

/**
 * A health location, for load balancers and orchestrators: {@code GET <prefix>live} is 200 while
 * the process serves HTTP (it touches no store, so a slow backend never gets a node restarted);
 * {@code GET <prefix>ready} is 200 only when every store answers a cheap read within the timeout,
 * else 503 naming each failing store and why (the node should get no traffic until it is back).
 */
public final class HealthHandler extends LocationHandler {
    static final String LIVE = "live";
    static final String READY = "ready";
    /** The channel the readiness probe asks about: reading an unknown channel is cheap in every store. */
    static final ChannelId PROBE = ChannelId.of("hbpush-readiness-probe");

    private final Map<String, Store> storesByName;
    private final Duration timeout;

    /**
     * @param storesByName every configured store, by name, in configuration order
     * @param timeout      how long a store may take to answer before the node is not ready
     */
    public HealthHandler(LocationMatcher matcher, AccessRules access, Map<String, Store> storesByName, Duration timeout) {
        super(LocationType.HEALTH, matcher, access);
        this.storesByName = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(storesByName, "storesByName is null")));
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    @Override
    protected void handleMatched(String check, Request request, Response response, Callback callback) {
        if (!check.equals(LIVE) && !check.equals(READY)) {
            PlainAnswers.error(response, callback, HttpStatus.NOT_FOUND_404, "no health check named \"" + check + "\"; use live or ready");
            return;
        }
        if (!request.getMethod().equals("GET")) {
            methodNotAllowed(request, response, callback);
            return;
        }
        if (check.equals(LIVE)) {
            answer(response, callback, HttpStatus.OK_200, "live\n");
            return;
        }
        List<String> names = new ArrayList<>(storesByName.keySet());
        List<CompletableFuture<String>> probes = new ArrayList<>();
        for (String name : names) {
            probes.add(probe(name, storesByName.get(name)));
        }
        CompletableFuture.allOf(probes.toArray(CompletableFuture[]::new)).whenComplete((ignored, alwaysNull) -> {
            List<String> failures = new ArrayList<>();
            for (CompletableFuture<String> probe : probes) {
                String failure = probe.join();
                if (!failure.isEmpty()) {
                    failures.add(failure);
                }
            }
            if (failures.isEmpty()) {
                answer(response, callback, HttpStatus.OK_200, "ready: " + String.join(", ", names) + " answered\n");
            }
            else {
                PlainAnswers.error(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "not ready: " + String.join("; ", failures));
            }
        });
    }

    /** Completes with "" when the store answered in time, else with why not; never exceptionally. */
    private CompletableFuture<String> probe(String name, Store store) {
        CompletableFuture<String> probe;
        try {
            probe = store.channelInfo(PROBE).toCompletableFuture().thenApply(info -> "");
        }
        catch (RuntimeException e) {
            probe = CompletableFuture.failedFuture(e);
        }
        return probe.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((answered, failure) -> {
            if (failure == null) {
                return answered;
            }
            Throwable cause = PlainAnswers.unwrap(failure);
            if (cause instanceof TimeoutException) {
                return "store " + name + " did not answer within " + timeout.toMillis() + " ms";
            }
            return "store " + name + ": " + cause.getMessage();
        });
    }

    @Override
    protected String allowedMethods() {
        return "GET";
    }

    private static void answer(Response response, Callback callback, int status, String body) {
        // a probe must see the node as it is now, never a cached answer
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        PlainAnswers.text(response, callback, status, PlainAnswers.TEXT_PLAIN, body);
    }
}
