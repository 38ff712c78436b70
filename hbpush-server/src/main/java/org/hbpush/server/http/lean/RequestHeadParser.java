package org.hbpush.server.http.lean;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.util.HostPort;

import static java.util.Objects.requireNonNull;

/**
 * Reads the head of a request the lean connection serves itself, and says "hand over" for every
 * other request: bytes in, a {@link HeadParse} out, no I/O, and no state between calls but what
 * it remembers to spare work (header fields read lately, the last {@code Host} parsed), which
 * changes no result. One parser per connection: it is not for several threads at once.
 *
 * <p>The lean subset is deliberately narrow, so that nothing is answered differently from Jetty and
 * nothing can be smuggled past it: {@code GET}, {@code HEAD}, {@code POST}, {@code PUT} or
 * {@code DELETE} (upper case), an origin-form target of visible ASCII, {@code HTTP/1.1}, CRLF line
 * ends, header names that are tokens followed directly by the colon, values of visible ASCII, spaces
 * and tabs, exactly one non-empty {@code Host}, at most one {@code Content-Length}, a plain decimal
 * ({@code 0} for GET and HEAD, required for POST), and no {@code Transfer-Encoding}, {@code Upgrade},
 * {@code HTTP2-Settings}, {@code Expect} or {@code Connection: upgrade}. The whole head must fit
 * {@code maxHeadSize}. Whether the body also fits the connection's buffer is the connection's to say. Anything else (HTTP/1.0, a bare LF, obs-fold, a head too large for 431, a
 * URI violation the compliance mode refuses, ...) is Jetty's to parse and answer.
 */
final class RequestHeadParser {
    // Jetty refuses %00 in a path whatever its URI compliance; RawTargetConnectionFactory does the same.
    private static final Pattern ENCODED_NUL = Pattern.compile("%00");
    private static final byte[] VERSION = "HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
    private static final String[] METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE"};
    private static final int NEED_MORE = -1;
    private static final int BARE_CR_OR_LF = -2;
    private static final boolean[] TOKEN = tokenCharacters();
    // 18 digits never overflow a long; no body that long fits a read buffer anyway
    private static final int MAX_LENGTH_DIGITS = 18;

    private final int maxHeadSize;
    private final UriCompliance compliance;
    private final SharedRequestFields sharedFields;
    // The Host value of the last request read and its parse. With SharedRequestFields the value is
    // the same String from one request to the next (compared by identity), and parsing it anew each
    // time was the largest piece of a poll's garbage.
    private String lastHost;
    private HostPort lastAuthority;

    /**
     * @param maxHeadSize the most bytes a head may take, request line and blank line included
     * @param compliance  the URI violations the listener accepts; a target with any other goes to Jetty
     */
    RequestHeadParser(int maxHeadSize, UriCompliance compliance) {
        this(maxHeadSize, compliance, new SharedRequestFields());
    }

    /** @param sharedFields the fields read lately, shared with the connector's other connections */
    RequestHeadParser(int maxHeadSize, UriCompliance compliance, SharedRequestFields sharedFields) {
        if (maxHeadSize < 1) {
            throw new IllegalArgumentException("maxHeadSize must be positive: " + maxHeadSize);
        }
        this.maxHeadSize = maxHeadSize;
        this.compliance = requireNonNull(compliance, "compliance is null");
        this.sharedFields = requireNonNull(sharedFields, "sharedFields is null");
    }

    /** Parses the head that starts at {@code bytes[from]}; {@code bytes[to]} is the first byte not yet read. */
    HeadParse parse(byte[] bytes, int from, int to) {
        requireNonNull(bytes, "bytes is null");
        if (from < 0 || to > bytes.length || from > to) {
            throw new IndexOutOfBoundsException("from " + from + ", to " + to + ", length " + bytes.length);
        }
        // Past the limit without a complete head: Jetty answers 431 (or 414 for a long target).
        int end = Math.min(to, from + maxHeadSize);
        int lineEnd = lineEnd(bytes, from, end);
        if (lineEnd < 0) {
            return incomplete(lineEnd, from, to);
        }
        RequestLine line = requestLine(bytes, from, lineEnd);
        if (line.handOver != null) {
            return line.handOver;
        }
        HeadFields fields = new HeadFields(sharedFields);
        int position = lineEnd + 2;
        while (true) {
            lineEnd = lineEnd(bytes, position, end);
            if (lineEnd < 0) {
                return incomplete(lineEnd, from, to);
            }
            if (lineEnd == position) {
                break;
            }
            HeadParse.HandOver refused = fields.add(bytes, position, lineEnd);
            if (refused != null) {
                return refused;
            }
            position = lineEnd + 2;
        }
        if (fields.host == null) {
            return new HeadParse.HandOver("no Host");
        }
        HeadParse.HandOver refusedBody = bodyAllowed(line.method, fields.contentLength);
        if (refusedBody != null) {
            return refusedBody;
        }
        HttpURI uri;
        try {
            uri = uri(line.method, line.target, fields.host);
        }
        catch (RuntimeException e) {
            return new HeadParse.HandOver("target or Host refused by HttpURI: " + e.getMessage());
        }
        if (uri.getCanonicalPath() == null) {
            return new HeadParse.HandOver("no canonical path");
        }
        for (UriCompliance.Violation violation : uri.getViolations()) {
            if (!compliance.allows(violation)) {
                return new HeadParse.HandOver("URI violation " + violation);
            }
        }
        RequestHead head = new RequestHead(line.method, line.target, uri, fields.fields.asImmutable(), fields.persistent, fields.contentLength);
        return new HeadParse.Complete(head, lineEnd + 2 - from);
    }

    /**
     * GET and HEAD have no body; a POST says how long its body is (Jetty would read a POST without
     * one as empty, a case rare enough to leave to it); PUT and DELETE without one have no body.
     */
    private static HeadParse.HandOver bodyAllowed(String method, long contentLength) {
        return switch (method) {
            case "GET", "HEAD" -> contentLength > 0 ? new HeadParse.HandOver("a body on " + method) : null;
            case "POST" -> contentLength < 0 ? new HeadParse.HandOver("POST without Content-Length") : null;
            default -> null;
        };
    }

    private HeadParse incomplete(int why, int from, int to) {
        if (why == BARE_CR_OR_LF) {
            return new HeadParse.HandOver("CR or LF alone");
        }
        return to - from >= maxHeadSize ? new HeadParse.HandOver("head larger than " + maxHeadSize + " bytes") : HeadParse.NeedMore.INSTANCE;
    }

    /** The index of the CR of the first CRLF, {@link #NEED_MORE}, or {@link #BARE_CR_OR_LF}. */
    private static int lineEnd(byte[] bytes, int from, int to) {
        for (int index = from; index < to; index++) {
            byte character = bytes[index];
            if (character == '\n') {
                return BARE_CR_OR_LF;
            }
            if (character == '\r') {
                if (index + 1 == to) {
                    return NEED_MORE;
                }
                return bytes[index + 1] == '\n' ? index : BARE_CR_OR_LF;
            }
        }
        return NEED_MORE;
    }

    private static RequestLine requestLine(byte[] bytes, int from, int lineEnd) {
        String method = method(bytes, from, lineEnd);
        if (method == null) {
            return RequestLine.refused("not GET, HEAD, POST, PUT or DELETE");
        }
        int targetStart = from + method.length() + 1;
        int targetEnd = targetStart;
        while (targetEnd < lineEnd && bytes[targetEnd] != ' ') {
            byte character = bytes[targetEnd];
            if (character < 0x21 || character > 0x7E || character == '#') {
                return RequestLine.refused("target byte " + (character & 0xFF));
            }
            targetEnd++;
        }
        if (targetEnd == targetStart || bytes[targetStart] != '/') {
            return RequestLine.refused("not an origin-form target");
        }
        if (targetEnd - targetStart > 1 && bytes[targetStart + 1] == '/') {
            return RequestLine.refused("target starts with //");
        }
        int versionStart = targetEnd + 1;
        if (lineEnd - versionStart != VERSION.length || !startsWith(bytes, versionStart, lineEnd, "HTTP/1.1")) {
            return RequestLine.refused("not HTTP/1.1");
        }
        return new RequestLine(method, new String(bytes, targetStart, targetEnd - targetStart, StandardCharsets.ISO_8859_1), null);
    }

    /** The lean method the line starts with (followed by a space), or null. */
    private static String method(byte[] bytes, int from, int lineEnd) {
        for (String method : METHODS) {
            if (startsWith(bytes, from, lineEnd, method) && from + method.length() < lineEnd && bytes[from + method.length()] == ' ') {
                return method;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int index = 0; index < prefix.length(); index++) {
            if (bytes[from + index] != prefix.charAt(index)) {
                return false;
            }
        }
        return true;
    }

    private HttpURI uri(String method, String target, String host) {
        String parsable = target.contains("%00") ? ENCODED_NUL.matcher(target).replaceAll("%01") : target;
        HttpURI.Mutable uri = HttpURI.build().uri(method, parsable).scheme("http");
        if (host != lastHost) {
            // what authority(host) would parse; it throws for a Host that HttpURI refuses
            lastAuthority = new HostPort(host);
            lastHost = host;
        }
        // authority(host, port) takes a port of 0 for none; authority(host) keeps it
        return (lastAuthority.getPort() == 0 ? uri.authority(host) : uri.authority(lastAuthority.getHost(), lastAuthority.getPort())).asImmutable();
    }

    private static boolean[] tokenCharacters() {
        boolean[] token = new boolean[128];
        for (char character = '0'; character <= '9'; character++) {
            token[character] = true;
        }
        for (char character = 'a'; character <= 'z'; character++) {
            token[character] = true;
            token[Character.toUpperCase(character)] = true;
        }
        for (char character : "!#$%&'*+-.^_`|~".toCharArray()) {
            token[character] = true;
        }
        return token;
    }

    private record RequestLine(String method, String target, HeadParse.HandOver handOver) {
        static RequestLine refused(String reason) {
            return new RequestLine(null, null, new HeadParse.HandOver(reason));
        }
    }

    /** The header fields read so far, and what the lean connection needs to know of them. */
    private static final class HeadFields {
        // Room for the few fields a poll sends; more grow the array.
        final HttpFields.Mutable fields = HttpFields.build(8);
        private final SharedRequestFields shared;
        String host;
        // -1 while there is none
        long contentLength = -1;
        boolean persistent = true;

        HeadFields(SharedRequestFields shared) {
            this.shared = shared;
        }

        /** Adds the field line {@code bytes[from..lineEnd)}; a hand-over when it is outside the lean subset. */
        HeadParse.HandOver add(byte[] bytes, int from, int lineEnd) {
            HttpField known = shared.find(bytes, from, lineEnd);
            if (known != null) {
                // its bytes were checked when it was first read: only what depends on this request is left
                return accept(known);
            }
            HeadParse.HandOver refused = refusedLine(bytes, from, lineEnd);
            if (refused != null) {
                return refused;
            }
            HttpField field = field(bytes, from, lineEnd);
            shared.remember(bytes, from, lineEnd, field);
            return accept(field);
        }

        private HeadParse.HandOver accept(HttpField field) {
            HttpHeader header = field.getHeader();
            if (header != null) {
                HeadParse.HandOver refused = check(header, field.getValue());
                if (refused != null) {
                    return refused;
                }
            }
            fields.add(field);
            return null;
        }

        /** Why the bytes of the line are outside the lean subset; null when they are within. */
        private static HeadParse.HandOver refusedLine(byte[] bytes, int from, int lineEnd) {
            int colon = from;
            while (colon < lineEnd && bytes[colon] != ':') {
                byte character = bytes[colon];
                // also refuses obs-fold (a line starting with a space) and a space before the colon
                if (character < 0 || !TOKEN[character]) {
                    return new HeadParse.HandOver("field name byte " + (character & 0xFF));
                }
                colon++;
            }
            if (colon == lineEnd || colon == from) {
                return new HeadParse.HandOver(colon == from ? "empty field name" : "field line without colon");
            }
            int valueStart = colon + 1;
            int valueEnd = lineEnd;
            for (int index = valueStart; index < valueEnd; index++) {
                byte character = bytes[index];
                if (character != '\t' && (character < 0x20 || character == 0x7F)) {
                    return new HeadParse.HandOver("field value byte " + (character & 0xFF));
                }
            }
            return null;
        }

        /** The field of a line within the lean subset: the value without surrounding blanks. */
        private static HttpField field(byte[] bytes, int from, int lineEnd) {
            int colon = from;
            while (bytes[colon] != ':') {
                colon++;
            }
            int valueStart = colon + 1;
            int valueEnd = lineEnd;
            while (valueStart < valueEnd && (bytes[valueStart] == ' ' || bytes[valueStart] == '\t')) {
                valueStart++;
            }
            while (valueEnd > valueStart && (bytes[valueEnd - 1] == ' ' || bytes[valueEnd - 1] == '\t')) {
                valueEnd--;
            }
            String value = new String(bytes, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
            HttpHeader header = knownHeader(bytes, from, colon);
            if (header == null) {
                return new HttpField(new String(bytes, from, colon - from, StandardCharsets.ISO_8859_1), value);
            }
            // Jetty's parser, by default (RFC 7230), also gives known fields their canonical name.
            return new HttpField(header, header.asString(), value);
        }

        /** The known header named by {@code bytes[from..to)}, in any case, found without making a String of it. */
        private static HttpHeader knownHeader(byte[] bytes, int from, int to) {
            HttpHeader longestPrefix = HttpHeader.CACHE.getBest(bytes, from, to - from);
            return longestPrefix != null && longestPrefix.asString().length() == to - from ? longestPrefix : null;
        }

        private HeadParse.HandOver check(HttpHeader header, String value) {
            switch (header) {
                case CONTENT_LENGTH -> {
                    if (contentLength >= 0) {
                        return new HeadParse.HandOver("Content-Length twice");
                    }
                    contentLength = decimal(value);
                    if (contentLength < 0) {
                        return new HeadParse.HandOver("Content-Length not a plain decimal: " + value);
                    }
                }
                case TRANSFER_ENCODING, UPGRADE, HTTP2_SETTINGS, EXPECT -> {
                    return new HeadParse.HandOver(header.asString());
                }
                case HOST -> {
                    if (host != null || !isHost(value)) {
                        return new HeadParse.HandOver(host != null ? "Host twice" : "Host refused");
                    }
                    host = value;
                }
                case CONNECTION -> {
                    for (String option : value.split(",")) {
                        String token = option.trim().toLowerCase(Locale.ROOT);
                        if (token.equals("upgrade")) {
                            return new HeadParse.HandOver("Connection: upgrade");
                        }
                        if (token.equals("close")) {
                            persistent = false;
                        }
                    }
                }
                default -> {
                }
            }
            return null;
        }

        /**
         * The value of a plain decimal: digits only, no sign, no leading zero (which Jetty would
         * accept, but no client sends), not too long to overflow; -1 for anything else.
         */
        private static long decimal(String value) {
            int length = value.length();
            if (length == 0 || length > MAX_LENGTH_DIGITS || (length > 1 && value.charAt(0) == '0')) {
                return -1;
            }
            long result = 0;
            for (int index = 0; index < length; index++) {
                char digit = value.charAt(index);
                if (digit < '0' || digit > '9') {
                    return -1;
                }
                result = result * 10 + (digit - '0');
            }
            return result;
        }

        /** A host name, IPv4 or bracketed IPv6 address, and an optional port: nothing that could be read as more. */
        private static boolean isHost(String value) {
            if (value.isEmpty()) {
                return false;
            }
            for (int index = 0; index < value.length(); index++) {
                char character = value.charAt(index);
                boolean allowed = (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z')
                        || (character >= '0' && character <= '9') || "-._~:[]".indexOf(character) >= 0;
                if (!allowed) {
                    return false;
                }
            }
            return true;
        }
    }
}
