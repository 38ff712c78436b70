package org.hbpush.store.file;

import org.hbpush.api.ChannelId;
import org.hbpush.api.MessageId;

import static java.util.Objects.requireNonNull;

/**
 * One line of a channel's file. A file starts with a {@link Header}, then lists what happened to
 * the channel in order: each kept message, and the ids of messages that were not kept.
 */
sealed interface JournalEntry {
    /** The first line: the channel's id, as bytes, since the file name may be a hash of it. */
    record Header(ChannelId channel) implements JournalEntry {
        public Header {
            requireNonNull(channel, "channel is null");
        }
    }

    /**
     * The channel's newest id and the newest id retention dropped: written for a message that was
     * not kept, and at the end of a compacted file, so ids keep following and gaps stay known.
     */
    record Ids(MessageId last, MessageId newestDropped) implements JournalEntry {
        public Ids {
            requireNonNull(last, "last is null");
            requireNonNull(newestDropped, "newestDropped is null");
        }
    }

    /** A kept message, with its expiry and the channel's buffer length as its post asked. */
    record Kept(MessageLog.Entry entry) implements JournalEntry {
        public Kept {
            requireNonNull(entry, "entry is null");
        }
    }
}
