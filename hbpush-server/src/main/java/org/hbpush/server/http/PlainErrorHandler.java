package org.hbpush.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty makes itself (a request it cannot parse: 400, 431; an error no handler
 * answered) in the form of every other hbpushd error: {@code text/plain}, one line saying why,
 * whatever the client says it accepts. Jetty's own pages are HTML, a surprise for an API.
 */
public final class PlainErrorHandler extends ErrorHandler {
    public PlainErrorHandler() {
        setShowStacks(false);
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
            List<Charset> charsets, int code, String message, Throwable cause) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, PlainAnswers.TEXT_PLAIN);
        response.write(true, body(code, message), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        return plainError(status, reason, fields);
    }

    /**
     * For answers made without this handler (the lean HTTP/1 connection's): puts the error's
     * Content-Type in {@code fields} and returns its body.
     *
     * @param detail what to say after the reason phrase, or null
     */
    public static ByteBuffer plainError(int status, String detail, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, PlainAnswers.TEXT_PLAIN);
        return body(status, detail);
    }

    /** The status's reason phrase, and Jetty's detail when it says more. */
    static ByteBuffer body(int status, String detail) {
        String phrase = HttpStatus.getMessage(status);
        String line = detail == null || detail.isBlank() || detail.equals(phrase) ? phrase : phrase + ": " + detail;
        return ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
