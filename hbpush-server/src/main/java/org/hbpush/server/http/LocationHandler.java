package org.hbpush.server.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.server.config.AccessRules;
import org.hbpush.server.config.LocationType;

import static java.util.Objects.requireNonNull;

/**
 * One entry of {@code locations:}: takes the requests whose path its matcher accepts and declines
 * (returns false) any other, so that the next location can try; answers 403 to a client whose
 * address its {@code allow} / {@code deny} lists refuse. The address is the TCP peer's: behind a
 * proxy, list the proxy's address.
 */
public abstract class LocationHandler extends Handler.Abstract.NonBlocking {
    private final LocationType type;
    private final LocationMatcher matcher;
    private final AccessRules access;

    protected LocationHandler(LocationType type, LocationMatcher matcher, AccessRules access) {
        this.type = requireNonNull(type, "type is null");
        this.matcher = requireNonNull(matcher, "matcher is null");
        this.access = requireNonNull(access, "access is null");
    }

    @Override
    public final boolean handle(Request request, Response response, Callback callback) {
        Optional<String> matched = matcher.encodedChannelId(RawTargetConnectionFactory.encodedPath(request));
        if (matched.isEmpty()) {
            return false;
        }
        LocatedRequest.record(request, this);
        if (!access.isOpen()) {
            SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
            if (!(remote instanceof InetSocketAddress peer) || peer.getAddress() == null || !access.permits(peer.getAddress())) {
                PlainAnswers.error(response, callback, HttpStatus.FORBIDDEN_403,
                        "address " + Request.getRemoteAddr(request) + " is not allowed to use this location");
                return true;
            }
        }
        handleMatched(matched.get(), request, response, callback);
        return true;
    }

    /**
     * Answers a request this location matched, now or later; completes the callback on every path.
     *
     * @param matched the still-encoded part of the path after the prefix, or the url's capture group
     */
    protected abstract void handleMatched(String matched, Request request, Response response, Callback callback);

    /** The methods the location answers, as an Allow header lists them. */
    protected abstract String allowedMethods();

    /** 405 naming the methods the location accepts. */
    protected void methodNotAllowed(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.ALLOW, allowedMethods());
        PlainAnswers.error(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                request.getMethod() + " is not allowed here; use " + allowedMethods());
    }

    protected LocationType type() {
        return type;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + matcher + "]";
    }
}
