package org.hbpush.server.http;

import java.util.List;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The configured locations, tried in configuration order: the first whose pattern matches the
 * path answers. A path that no location matches gets 404 with a reason.
 */
public final class LocationsHandler extends Handler.Sequence {
    /** @param locations each a {@link LocationHandler}, or one wrapped to serve on some listeners only */
    public LocationsHandler(List<? extends Handler> locations) {
        super(List.copyOf(locations));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (super.handle(request, response, callback)) {
            return true;
        }
        PlainAnswers.error(response, callback, HttpStatus.NOT_FOUND_404,
                "no location matches " + RawTargetConnectionFactory.encodedPath(request));
        return true;
    }
}
