package org.hbpush.server.http.lean;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.hbpush.server.http.PlainErrorHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lean connection under a bare Jetty server and a handler of the test's own, for what hbpushd's handlers never do. */
class LeanConnectionTest {
    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private int start(Handler handler) throws Exception {
        return start(handler, new LeanHttp1ConnectionFactory(new HttpConfiguration()));
    }

    private int start(Handler handler, ConnectionFactory connection) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server, connection);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setErrorHandler(new PlainErrorHandler());
        server.setHandler(handler);
        server.start();
        return connector.getLocalPort();
    }

    private static Handler handler(Function<Request, Throwable> onRequest) {
        return new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Throwable failure = onRequest.apply(request);
                if (failure == null) {
                    callback.succeeded();
                }
                else {
                    callback.failed(failure);
                }
                return true;
            }
        };
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    @DisplayName("a handler's failure before anything is written gets hbpushd's plain 500, no internals, and the connection closes")
    void failureBeforeCommit() throws Exception {
        int port = start(handler(request -> new IllegalStateException("internal detail")));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            send(socket, "GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            // Jetty 12's reason phrase for 500, as in every other 500 of hbpushd (PlainErrorHandler)
            assertThat(answer).startsWith("HTTP/1.1 500 Server Error\r\n")
                    .contains("\r\nContent-Type: text/plain; charset=utf-8\r\n", "\r\nConnection: close\r\n", "\r\nContent-Length: 13\r\n")
                    .endsWith("\r\n\r\nServer Error\n")
                    .doesNotContain("internal detail");
        }
    }

    @Test
    @DisplayName("on Jetty's connection too, a failure's 500 says no more than its reason phrase (PlainErrorHandler)")
    void failureOnJettysConnection() throws Exception {
        int port = start(handler(request -> new IllegalStateException("internal detail")), new HttpConnectionFactory(new HttpConfiguration()));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            send(socket, "GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 500 Server Error\r\n")
                    .contains("\r\nContent-Type: text/plain; charset=utf-8\r\n", "\r\nConnection: close\r\n")
                    .endsWith("\r\n\r\nServer Error\n")
                    .doesNotContain("internal detail").doesNotContain("IllegalStateException");
        }
    }

    @Test
    @DisplayName("the begin time is the request's first byte, the headers time the end of its head")
    void times() throws Exception {
        CompletableFuture<long[]> times = new CompletableFuture<>();
        int port = start(handler(request -> {
            times.complete(new long[] {request.getBeginNanoTime(), request.getHeadersNanoTime(), System.nanoTime()});
            return null;
        }));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            long beforeFirstByte = System.nanoTime();
            send(socket, "GET /x HTTP/1.1\r\n");
            Thread.sleep(300);
            long beforeEnd = System.nanoTime();
            send(socket, "Host: h\r\n\r\n");
            long[] seen = times.get(10, TimeUnit.SECONDS);

            assertThat(seen[0]).as("begin").isBetween(beforeFirstByte, beforeEnd);
            assertThat(seen[1]).as("headers").isBetween(beforeEnd, seen[2]);
        }
    }

    @Test
    @DisplayName("addHttpStreamWrapper says plainly that the lean connection has no stream, and what to do")
    void noStreamWrapper() throws Exception {
        CompletableFuture<Throwable> refusal = new CompletableFuture<>();
        int port = start(handler(request -> {
            try {
                request.addHttpStreamWrapper(stream -> stream);
            }
            catch (UnsupportedOperationException e) {
                refusal.complete(e);
            }
            return null;
        }));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            send(socket, "GET /x HTTP/1.1\r\nHost: h\r\n\r\n");

            assertThat(refusal.get(10, TimeUnit.SECONDS)).hasMessageContaining("http1_connection: jetty");
        }
    }
}
