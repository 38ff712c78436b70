package org.hbpush.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.cfg.PackageVersion;
import org.hbpush.api.ChannelId;
import org.hbpush.api.Message;
import org.hbpush.api.MessageId;

import static java.lang.String.format;
import static java.util.Objects.requireNonNull;

/**
 * {@link JournalEntry} to one line of JSON and back, with Jackson (the plugin's own copy):
 *
 * <pre>{@code
 * {"channel":"bmV3cw=="}
 * {"id":"1700000000:0","type":"text/plain","body":"aGVsbG8=","keep":1000,"expires":1700003600000}
 * {"last":"1700000000:1","dropped":"0:-1"}
 * }</pre>
 *
 * Bytes (channel ids, bodies) are base64, so any bytes survive and a line never holds a newline.
 */
final class JournalFormat {
    private final ObjectMapper mapper = new ObjectMapper();

    /** The version of the jackson-databind this class runs with, for the store's opening log line. */
    static String jacksonVersion() {
        return PackageVersion.VERSION.toString();
    }

    String line(JournalEntry entry) {
        requireNonNull(entry, "entry is null");
        ObjectNode node = mapper.createObjectNode();
        // Java 17 has no pattern matching in switch: one instanceof per kind of the sealed interface.
        if (entry instanceof JournalEntry.Header header) {
            node.put("channel", header.channel().bytes());
        }
        else if (entry instanceof JournalEntry.Ids ids) {
            node.put("last", ids.last().toString()).put("dropped", ids.newestDropped().toString());
        }
        else if (entry instanceof JournalEntry.Kept kept) {
            MessageLog.Entry stored = kept.entry();
            node.put("id", stored.message().id().toString())
                    .put("type", stored.message().contentType())
                    .put("body", stored.message().bodyBytes())
                    .put("keep", stored.maxMessages());
            if (stored.expiresAtMillis() != MessageLog.Entry.NEVER) {
                node.put("expires", stored.expiresAtMillis());
            }
        }
        try {
            return mapper.writeValueAsString(node);
        }
        catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a journal line", e);
        }
    }

    /** The entry on a line; empty when the line is not one this format wrote (a write cut short by a crash). */
    Optional<JournalEntry> entry(String line) {
        requireNonNull(line, "line is null");
        try {
            JsonNode node = mapper.readTree(line);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            if (node.has("channel")) {
                return Optional.of(new JournalEntry.Header(ChannelId.of(node.get("channel").binaryValue())));
            }
            if (node.has("last")) {
                return Optional.of(new JournalEntry.Ids(messageId(node.get("last").asText()), messageId(node.get("dropped").asText())));
            }
            Message message = new Message(messageId(node.get("id").asText()), node.get("type").asText(),
                    ByteBuffer.wrap(Base64.getDecoder().decode(node.get("body").asText())));
            long expires = node.has("expires") ? node.get("expires").asLong() : MessageLog.Entry.NEVER;
            return Optional.of(new JournalEntry.Kept(new MessageLog.Entry(message, expires, node.get("keep").asInt())));
        }
        catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static MessageId messageId(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(format("not a message id: %s", text));
        }
        return new MessageId(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
    }
}
