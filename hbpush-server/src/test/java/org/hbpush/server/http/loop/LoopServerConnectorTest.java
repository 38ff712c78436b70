package org.hbpush.server.http.loop;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The selector loops under a bare Jetty server with Jetty's own HTTP/1.1 connection (what a
 * connection handed over by the lean one runs on) and handlers of the test's own, for what
 * hbpushd's handlers never do: block, write more than a socket takes, never answer.
 */
class LoopServerConnectorTest {
    private static final int LARGE = 8 * 1024 * 1024;

    private final List<Socket> clients = new ArrayList<>();
    private Server server;

    @AfterEach
    void stop() throws Exception {
        for (Socket client : clients) {
            client.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    /** A client connection, closed after the test, whose reads give up after 5 s. */
    private Socket connect(int port) throws IOException {
        Socket client = new Socket("127.0.0.1", port);
        clients.add(client);
        client.setSoTimeout(5_000);
        return client;
    }

    private int start(Handler handler, int loops, long idleTimeoutMillis) throws Exception {
        server = new Server();
        LoopServerConnector connector = new LoopServerConnector(server, loops, new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.setIdleTimeout(idleTimeoutMillis);
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        return connector.getLocalPort();
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One whole answer with a Content-Length: its head and body. */
    private static String[] answer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the answer's head, before the connection ends").isNotEqualTo(-1);
            head.write(b);
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headText.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        assertThat(body).as("the answer's whole body").hasSize(length);
        return new String[] {headText, new String(body, StandardCharsets.ISO_8859_1)};
    }

    @Test
    @DisplayName("a handler that blocks reading a large body runs off the loop, and the loop goes on serving others meanwhile")
    void blockingHandler() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        int port = start(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (request.getHttpURI().getPath().equals("/quick")) {
                    Content.Sink.write(response, true, "quick", callback);
                    return true;
                }
                reading.countDown();
                String body = Content.Source.asString(request, StandardCharsets.ISO_8859_1);
                Content.Sink.write(response, true, "read " + body.length(), callback);
                return true;
            }
        }, 1, 30_000);
        Socket slow = connect(port);
        Socket quick = connect(port);
        send(slow, "POST /slow HTTP/1.1\r\nHost: test\r\nContent-Length: " + LARGE + "\r\n\r\n" + "x".repeat(1000));
        assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
        // the body is not all there: the handler's thread waits for it, and the one loop is free
        send(quick, "GET /quick HTTP/1.1\r\nHost: test\r\n\r\n");
        assertThat(answer(quick.getInputStream())[1]).isEqualTo("quick");

        OutputStream out = slow.getOutputStream();
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.ISO_8859_1);
        int left = LARGE - 1000;
        while (left > 0) {
            int n = Math.min(left, chunk.length);
            out.write(chunk, 0, n);
            left -= n;
        }
        out.flush();
        slow.setSoTimeout(10_000);
        assertThat(answer(slow.getInputStream())[1]).isEqualTo("read " + LARGE);
    }

    @Test
    @DisplayName("an answer larger than the socket takes is finished as the client reads it, however slowly")
    void answerLargerThanTheSocket() throws Exception {
        byte[] large = new byte[LARGE];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) ('a' + i % 26);
        }
        int port = start(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.write(true, ByteBuffer.wrap(large), callback);
                return true;
            }
        }, 1, 30_000);
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(10_000);
            send(socket, "GET /large HTTP/1.1\r\nHost: test\r\n\r\n");
            // the server fills the socket and waits for it to drain
            Thread.sleep(300);
            String[] first = answer(socket.getInputStream());
            assertThat(first[1].getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(large);
            // and the connection serves the next request
            send(socket, "GET /again HTTP/1.1\r\nHost: test\r\n\r\n");
            assertThat(answer(socket.getInputStream())[1]).hasSize(LARGE);
        }
    }

    @Test
    @DisplayName("a connection silent for longer than the idle timeout is closed")
    void idleTimeout() throws Exception {
        int port = start(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Sink.write(response, true, "ok", callback);
                return true;
            }
        }, 1, 300);
        Socket socket = connect(port);
        send(socket, "GET / HTTP/1.1\r\nHost: test\r\n\r\n");
        assertThat(answer(socket.getInputStream())[1]).isEqualTo("ok");
        long start = System.nanoTime();
        assertThat(socket.getInputStream().read()).as("end of stream").isEqualTo(-1);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(4_000);
    }

    @Test
    @DisplayName("stopping the server closes the connections whose requests are still waiting")
    void stopClosesWaitingConnections() throws Exception {
        Set<Callback> waiting = ConcurrentHashMap.newKeySet();
        int port = start(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                waiting.add(callback);
                return true;
            }
        }, 2, 30_000);
        for (int i = 0; i < 4; i++) {
            send(connect(port), "GET /wait HTTP/1.1\r\nHost: test\r\n\r\n");
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (waiting.size() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(waiting).hasSize(4);
        server.stop();
        for (Socket client : clients) {
            assertThat(readToEnd(client)).as("what the client gets before the end").doesNotContain("200");
        }
    }

    private static String readToEnd(Socket socket) throws IOException {
        try {
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        catch (SocketTimeoutException e) {
            throw new AssertionError("the connection stayed open after the server stopped", e);
        }
        catch (IOException reset) {
            return "";
        }
    }

    @Test
    @DisplayName("connections spread over two loops are each served, several requests in turn")
    void severalLoops() throws Exception {
        int port = start(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Sink.write(response, true, request.getHttpURI().getPath(), callback);
                return true;
            }
        }, 2, 30_000);
        for (int i = 0; i < 50; i++) {
            connect(port);
        }
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < clients.size(); i++) {
                send(clients.get(i), "GET /" + i + "/" + round + " HTTP/1.1\r\nHost: test\r\n\r\n");
            }
            for (int i = 0; i < clients.size(); i++) {
                assertThat(answer(clients.get(i).getInputStream())[1]).isEqualTo("/" + i + "/" + round);
            }
        }
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("hbpush-loop-"))
                .hasSizeGreaterThanOrEqualTo(2);
    }
}
