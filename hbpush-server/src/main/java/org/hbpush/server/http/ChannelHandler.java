package org.hbpush.server.http;

import java.util.List;
import java.util.Optional;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.hbpush.api.ChannelId;
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

    /**
     * @param maxChannelIdLength the longest channel id accepted, in bytes once decoded; longer is 414
     * @param cors               the other origins whose pages may use the location
     */
    protected ChannelHandler(LocationType type, LocationMatcher matcher, int maxChannelIdLength, Optional<CorsConfiguration> cors) {
        super(type, matcher);
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
