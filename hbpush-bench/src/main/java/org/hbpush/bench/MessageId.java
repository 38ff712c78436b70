package org.hbpush.bench;

/**
 * A message id as the protocol orders it: the time in seconds, then the tag within that second.
 *
 * @param time seconds since the epoch ({@code Last-Modified})
 * @param tag the counter within that second ({@code Etag})
 */
record MessageId(long time, long tag) implements Comparable<MessageId> {
    @Override
    public int compareTo(MessageId other) {
        int byTime = Long.compare(time, other.time);
        return byTime != 0 ? byTime : Long.compare(tag, other.tag);
    }
}
