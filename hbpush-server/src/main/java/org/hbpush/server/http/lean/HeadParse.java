package org.hbpush.server.http.lean;

import static java.util.Objects.requireNonNull;

/** What {@link RequestHeadParser} made of the bytes it was given. */
sealed interface HeadParse {
    /** A whole head of the lean subset, {@code length} bytes long (its blank line included). */
    record Complete(RequestHead head, int length) implements HeadParse {
        public Complete {
            requireNonNull(head, "head is null");
            if (length < 1) {
                throw new IllegalArgumentException("length must be positive: " + length);
            }
        }
    }

    /** So far a head of the lean subset, not yet complete. */
    record NeedMore() implements HeadParse {
        static final NeedMore INSTANCE = new NeedMore();
    }

    /** Not for the lean connection: Jetty's HttpConnection reads these bytes; {@code reason} is for debug logs and tests. */
    record HandOver(String reason) implements HeadParse {
        public HandOver {
            requireNonNull(reason, "reason is null");
        }
    }
}
