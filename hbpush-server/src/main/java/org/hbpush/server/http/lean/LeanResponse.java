package org.hbpush.server.http.lean;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

import static java.util.Objects.requireNonNull;

/**
 * The response of a lean request. The first write commits it: the head ({@link SharedResponseHeads})
 * and the body go out in one gathering write. A last first write adds {@code Content-Length}
 * (unless the handler set it, or the status has no body); an earlier one makes the body chunked.
 * A HEAD request gets the head only.
 *
 * <p>Not supported, because no handler of hbpushd uses them: {@link #writeInterim} sends nothing
 * (no 1xx: a request with {@code Expect} goes to Jetty), and trailers are not written.
 */
final class LeanResponse implements Response {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final LeanRequest request;
    private final LeanConnection connection;
    // Room for an answer's usual fields (Date, Content-Type, the validators, Vary, Cache-Control); more grow the array.
    private final HttpFields.Mutable headers = HttpFields.build(8);
    private final boolean head;
    private int status;
    private volatile boolean persistent;
    private volatile boolean committed;
    private volatile boolean lastWrite;
    private volatile boolean completedSuccessfully;
    private boolean chunked;
    private volatile long contentBytesWritten;
    private Supplier<HttpFields> trailers;

    /** @param persistent false when the request asked to close the connection after the answer */
    LeanResponse(LeanRequest request, LeanConnection connection, boolean persistent) {
        this.request = requireNonNull(request, "request is null");
        this.connection = requireNonNull(connection, "connection is null");
        this.persistent = persistent;
        this.head = "HEAD".equals(request.getMethod());
        addDate();
    }

    // Jetty puts its cached Date field first in every response.
    private void addDate() {
        if (connection.metaData().getHttpConfiguration().getSendDateHeader()) {
            headers.add(connection.metaData().getConnector().getServer().getDateField());
        }
    }

    /** False once the request or the response asked to close the connection after the answer. */
    boolean isPersistent() {
        return persistent;
    }

    /** What {@link Response#getContentBytesWritten(Response)} gives for Jetty's own responses. */
    long getContentBytesWritten() {
        return contentBytesWritten;
    }

    @Override
    public Request getRequest() {
        return request;
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void setStatus(int code) {
        if (!committed) {
            status = code;
        }
    }

    @Override
    public HttpFields.Mutable getHeaders() {
        return headers;
    }

    @Override
    public Supplier<HttpFields> getTrailersSupplier() {
        return trailers;
    }

    @Override
    public void setTrailersSupplier(Supplier<HttpFields> trailers) {
        this.trailers = trailers;
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    @Override
    public boolean hasLastWrite() {
        return lastWrite;
    }

    @Override
    public boolean isCompletedSuccessfully() {
        return completedSuccessfully;
    }

    @Override
    public void reset() {
        if (committed) {
            throw new IllegalStateException("the response is committed");
        }
        headers.clear();
        status = 0;
        addDate();
    }

    @Override
    public CompletableFuture<Void> writeInterim(int status, HttpFields headers) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void write(boolean last, ByteBuffer content, Callback callback) {
        if (lastWrite) {
            callback.failed(new IllegalStateException("the last write is done already"));
            return;
        }
        int length = content == null ? 0 : content.remaining();
        ByteBuffer responseHead = null;
        if (!committed) {
            committed = true;
            responseHead = commit(last, length);
        }
        if (last) {
            lastWrite = true;
        }
        contentBytesWritten += length;
        boolean body = length > 0 && !head && bodyAllowed(status);
        boolean lastChunk = chunked && last && !head;
        // Sized exactly: most answers are one head and one body, written in one go.
        int count = (responseHead != null ? 1 : 0) + (body ? (chunked ? 3 : 1) : 0) + (lastChunk ? 1 : 0);
        Callback written = last ? Callback.from(() -> {
            completedSuccessfully = true;
            callback.succeeded();
        }, callback::failed) : callback;
        if (count == 0) {
            written.succeeded();
            return;
        }
        ByteBuffer[] buffers = new ByteBuffer[count];
        int index = 0;
        if (responseHead != null) {
            buffers[index++] = responseHead;
        }
        if (chunked && body) {
            buffers[index++] = BufferUtil.toBuffer(Integer.toHexString(length) + "\r\n");
        }
        if (body) {
            buffers[index++] = content;
        }
        if (chunked && body) {
            buffers[index++] = ByteBuffer.wrap(CRLF);
        }
        if (lastChunk) {
            buffers[index] = ByteBuffer.wrap(LAST_CHUNK);
        }
        long total = 0;
        for (ByteBuffer buffer : buffers) {
            total += buffer.remaining();
        }
        connection.wrote(total);
        connection.write(written, buffers);
    }

    private static boolean bodyAllowed(int status) {
        return status >= 200 && status != HttpStatus.NO_CONTENT_204 && status != HttpStatus.NOT_MODIFIED_304;
    }

    /** The head: status, fields, and how the body is delimited. */
    private ByteBuffer commit(boolean last, int length) {
        if (status == 0) {
            status = HttpStatus.OK_200;
        }
        boolean hasLength = false;
        boolean closeField = false;
        for (HttpField field : headers) {
            if (field.getHeader() == HttpHeader.CONTENT_LENGTH) {
                hasLength = true;
            }
            else if (field.getHeader() == HttpHeader.CONNECTION && field.getValue() != null
                    && field.getValue().toLowerCase(Locale.ROOT).contains("close")) {
                closeField = true;
            }
        }
        if (closeField) {
            persistent = false;
        }
        ResponseHeadWriter.Framing framing = ResponseHeadWriter.Framing.AS_IS;
        if (bodyAllowed(status) && !hasLength) {
            framing = last ? ResponseHeadWriter.Framing.CONTENT_LENGTH : ResponseHeadWriter.Framing.CHUNKED;
            chunked = !last;
        }
        return connection.heads().head(status, headers, framing, length, !persistent && !closeField);
    }
}
