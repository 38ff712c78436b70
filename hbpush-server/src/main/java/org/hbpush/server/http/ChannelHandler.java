package org.hbpush.server.http;

import java.util.List;
import java.util.Optional;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.api.ChannelId;
import org.hbpush.server.auth.BearerAuthenticator;
import org.hbpush.server.config.AccessRules;
import org.hbpush.server.config.CorsConfiguration;
import org.hbpush.server.config.LocationType;

import static java.util.Objects.requireNonNull;

/**
 * A location whose paths name channels: answers CORS preflights, decodes the channel id and hands
 * the request on.
 */
public abstract class ChannelHandler extends LocationHandler {
    private final int maxChannelIdLength;
    private final Optional<CorsPolicy> cors;
    private final Optional<BearerAuthenticator> authentication;

    /**
     * @param maxChannelIdLength the longest channel id accepted, in bytes once decoded; longer is 414
     * @param cors               the other origins whose pages may use the location
     * @param access             the client addresses it answers
     * @param authentication     the bearer credential a request must carry (a preflight needs none); empty for none
     */
    protected ChannelHandler(LocationType type, LocationMatcher matcher, int maxChannelIdLength, Optional<CorsConfiguration> cors,
            AccessRules access, Optional<BearerAuthenticator> authentication) {
        super(type, matcher, access);
        this.authentication = requireNonNull(authentication, "authentication is null");
        if (maxChannelIdLength < 1) {
            throw new IllegalArgumentException("maxChannelIdLength must be positive");
        }
        this.maxChannelIdLength = maxChannelIdLength;
        this.cors = requireNonNull(cors, "cors is null").map(configuration -> new CorsPolicy(configuration, allowedMethods()));
    }

    @Override
    protected final void handleMatched(String encodedChannelId, Request request, Response response, Callback callback) {
        if (cors.isPresent()) {
            if (CorsPolicy.isPreflight(request)) {
                cors.get().answerPreflight(request, response, callback);
                return;
            }
            cors.get().markAnswer(request, response);
        }
        if (authentication.isPresent()) {
            Optional<String> refusal = refusal(request, authentication.get());
            if (refusal.isPresent()) {
                unauthorized(response, callback, refusal.get());
                return;
            }
        }
        try {
            List<ChannelId> channels = decodeChannels(encodedChannelId);
            for (ChannelId channel : channels) {
                if (channel.length() > maxChannelIdLength) {
                    PlainAnswers.error(response, callback, HttpStatus.URI_TOO_LONG_414, "the channel id is " + channel.length()
                            + " bytes long, more than this location's max_channel_id_length of " + maxChannelIdLength);
                    return;
                }
            }
            handleChannels(channels, request, response, callback);
        }
        catch (BadRequestException e) {
            PlainAnswers.error(response, callback, HttpStatus.BAD_REQUEST_400, e.getMessage());
        }
    }

    private static Optional<String> refusal(Request request, BearerAuthenticator authenticator) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null) {
            return Optional.of("this location needs Authorization: Bearer <credential>");
        }
        String[] parts = authorization.trim().split(" +", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            return Optional.of("this location needs the Bearer scheme in Authorization");
        }
        return authenticator.refusal(parts[1].trim());
    }

    private static void unauthorized(Response response, Callback callback, String reason) {
        // RFC 6750 section 3: the challenge names the scheme, so clients know what to send
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"hbpush\"");
        PlainAnswers.error(response, callback, HttpStatus.UNAUTHORIZED_401, reason);
    }

    /** The channels the still-encoded part of the path names: one, unless the location multiplexes. */
    protected List<ChannelId> decodeChannels(String encoded) throws BadRequestException {
        return List.of(ChannelIdDecoder.decode(encoded));
    }

    /**
     * Answers a request for the channels, now or later; completes the callback on every path.
     *
     * @throws BadRequestException before anything is written, to answer 400 with its reason
     */
    protected abstract void handleChannels(List<ChannelId> channels, Request request, Response response, Callback callback)
            throws BadRequestException;
}
