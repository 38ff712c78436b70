package org.hbpush.server.metrics;

import org.hbpush.api.Message;

/**
 * Told when a held long poll is answered with a message, on the thread that answers it. It runs on
 * the delivery path of every held subscriber: an implementation records and returns, without locks.
 *
 * <pre>{@code
 * DeliveryRecorder recorder = metrics.location(configuration);  // or DeliveryRecorder.NONE
 * recorder.delivered(message);
 * }</pre>
 */
public interface DeliveryRecorder {
    /** Records nothing: the server without a metrics location. */
    DeliveryRecorder NONE = message -> { };

    /** A held long poll was just handed {@code message} to write. */
    void delivered(Message message);
}
