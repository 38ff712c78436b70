package org.hbpush.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty makes itself (a request it cannot parse: 400, 431; an error no handler
 * answered) in the form of every other hbpushd error: {@code text/plain}, one line saying why,
 * whatever the client says it accepts. Jetty's own pages are HTML, a surprise for an API.
 *
 * <p>Over HTTP/1 these answers also say {@code Connection: close}, and the connection closes: after
 * a request the server could not take in, nothing behind it on the connection can be trusted, and
 * Jetty closes after some of them without saying so (errors in the request line), which a client
 * would take for a dropped connection.
 */
public final class PlainErrorHandler extends ErrorHandler {
    public PlainErrorHandler() {
        setShowStacks(false);
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
            List<Charset> charsets, int code, String message, Throwable cause) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, PlainAnswers.TEXT_PLAIN);
        if (request.getConnectionMetaData().getHttpVersion().getVersion() < HttpVersion.HTTP_2.getVersion()) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        // A server error's detail is an exception's text (Jetty's, or of a failure no handler
        // answered): internals, not for clients. hbpushd's own 5xx answers say why themselves.
        String detail = code >= HttpStatus.INTERNAL_SERVER_ERROR_500 ? null : message;
        response.write(true, body(code, detail), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        return plainError(status, reason, fields);
    }

    /**
     * An HTTP/1 error answer made by Jetty's parser, or without this handler (the lean HTTP/1
     * connection's): puts the error's Content-Type and {@code Connection: close} in {@code fields}
     * and returns its body.
     *
     * @param detail what to say after the reason phrase, or null
     */
    public static ByteBuffer plainError(int status, String detail, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, PlainAnswers.TEXT_PLAIN);
        fields.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        return body(status, detail);
    }

    /** The status's reason phrase, and Jetty's detail when it says more. */
    static ByteBuffer body(int status, String detail) {
        String phrase = HttpStatus.getMessage(status);
        String line = detail == null || detail.isBlank() || detail.equals(phrase) ? phrase : phrase + ": " + detail;
        return ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
