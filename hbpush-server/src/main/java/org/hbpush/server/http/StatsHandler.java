package org.hbpush.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.server.config.AccessRules;
import org.hbpush.server.config.LocationType;
import org.hbpush.server.stats.NodeStats;
import org.hbpush.server.stats.StatsDocument;
import org.hbpush.server.stats.StoreState;

import static java.util.Objects.requireNonNull;

/**
 * A stats location, like Nchan's stub_status: {@code GET} answers this node's totals since it
 * started and its current state, as text, or as JSON when {@code Accept} prefers it. It works
 * without any monitoring system; a stats request is counted once it is answered.
 */
public final class StatsHandler extends LocationHandler {
    private final NodeStats stats;
    private final Supplier<List<StoreState>> stores;

    /** @param stores the current state of each store, in configuration order */
    public StatsHandler(LocationMatcher matcher, AccessRules access, NodeStats stats, Supplier<List<StoreState>> stores) {
        super(LocationType.STATS, matcher, access);
        this.stats = requireNonNull(stats, "stats is null");
        this.stores = requireNonNull(stores, "stores is null");
    }

    @Override
    protected void handleMatched(String rest, Request request, Response response, Callback callback) {
        if (!rest.isEmpty()) {
            PlainAnswers.error(response, callback, HttpStatus.NOT_FOUND_404, "the stats are at the location's prefix itself, not below it");
            return;
        }
        if (!request.getMethod().equals("GET")) {
            methodNotAllowed(request, response, callback);
            return;
        }
        StatsDocument document = new StatsDocument(stats, new ArrayList<>(stores.get()));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put(HttpHeader.VARY, HttpHeader.ACCEPT.asString());
        if (ChannelInfoAnswers.negotiate(request.getHeaders().getFields(HttpHeader.ACCEPT)) == ChannelInfoAnswers.Format.JSON) {
            PlainAnswers.text(response, callback, HttpStatus.OK_200, "application/json", document.json());
        }
        else {
            PlainAnswers.text(response, callback, HttpStatus.OK_200, PlainAnswers.TEXT_PLAIN, document.text());
        }
    }

    @Override
    protected String allowedMethods() {
        return "GET";
    }
}
