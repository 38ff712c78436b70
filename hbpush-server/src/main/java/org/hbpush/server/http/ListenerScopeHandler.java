package org.hbpush.server.http;

import java.util.Set;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import static java.util.Objects.requireNonNull;

/**
 * A location served on some listeners only (its {@code listener:}). On any other listener it
 * declines every request, as if it were not configured: the next location may take the request,
 * else it is 404. Listeners are told apart by the name of the connector the request came in on.
 */
public final class ListenerScopeHandler extends Handler.Wrapper {
    private final Set<String> listeners;

    /** @param listeners the names of the listeners (connectors) the location is served on */
    public ListenerScopeHandler(Set<String> listeners, Handler location) {
        super(requireNonNull(location, "location is null"));
        this.listeners = Set.copyOf(requireNonNull(listeners, "listeners is null"));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Connector connector = request.getConnectionMetaData().getConnector();
        if (connector == null || !listeners.contains(connector.getName())) {
            return false;
        }
        return super.handle(request, response, callback);
    }

    @Override
    public String toString() {
        return getHandler() + " on " + listeners;
    }
}
