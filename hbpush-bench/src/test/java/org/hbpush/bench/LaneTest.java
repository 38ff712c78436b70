package org.hbpush.bench;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tool's connections against a scripted server on a real socket: what the server reads, and
 * what the tool makes of a close, a silence and a refusal.
 */
class LaneTest {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ClientLoop loop = ClientLoop.start();
    private ScriptedServer server;

    @AfterEach
    void stop() throws Exception {
        loop.close();
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aGetWithValidatorsAndAPostWithItsBodyAsTheServerReadsThem() throws Exception {
        server = new ScriptedServer(head -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        Endpoint endpoint = server.endpoint();
        Lane lane = new Lane(loop, endpoint, TIMEOUT_NANOS);

        Answer got = lane.send(WireRequest.get(endpoint, "/sub/a?x=1", Optional.of(new Validators("Fri, 27 Nov 2026 02:49:58 GMT", "\"3\""))))
                .get(5, TimeUnit.SECONDS);
        Answer posted = lane.send(WireRequest.withBody(endpoint, "POST", "/pub/a", "text/plain", "hello".getBytes(ISO_8859_1)))
                .get(5, TimeUnit.SECONDS);

        assertThat(got.body()).isEqualTo("ok");
        assertThat(posted.status()).isEqualTo(200);
        assertThat(server.requests()).containsExactly(
                "GET /sub/a?x=1 HTTP/1.1\r\nHost: " + endpoint.host() + "\r\nUser-Agent: hbpush-bench\r\n"
                        + "If-Modified-Since: Fri, 27 Nov 2026 02:49:58 GMT\r\nIf-None-Match: \"3\"\r\n\r\n",
                "POST /pub/a HTTP/1.1\r\nHost: " + endpoint.host() + "\r\nUser-Agent: hbpush-bench\r\n"
                        + "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void aConnectionCloseAnswerIsDeliveredAndTheNextRequestReconnects() throws Exception {
        server = new ScriptedServer(head -> "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbye");
        Lane lane = new Lane(loop, server.endpoint(), TIMEOUT_NANOS);

        for (int i = 0; i < 3; i++) {
            Answer answer = lane.send(WireRequest.get(server.endpoint(), "/sub/a", Optional.empty())).get(5, TimeUnit.SECONDS);
            assertThat(answer.closes()).isTrue();
            assertThat(answer.body()).isEqualTo("bye");
        }

        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aServerThatClosesWithoutAnsweringFailsTheRequest() throws Exception {
        server = new ScriptedServer(head -> null);
        Lane lane = new Lane(loop, server.endpoint(), TIMEOUT_NANOS);

        CompletableFuture<Answer> answer = lane.send(WireRequest.get(server.endpoint(), "/sub/a", Optional.empty()));

        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("the server closed the connection before it answered");
    }

    @Test
    void aSilentServerTimesTheRequestOut() throws Exception {
        server = new ScriptedServer(head -> "");
        Lane lane = new Lane(loop, server.endpoint(), TimeUnit.MILLISECONDS.toNanos(300));

        CompletableFuture<Answer> answer = lane.send(WireRequest.get(server.endpoint(), "/sub/a", Optional.empty()));

        assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class).hasMessageContaining("no answer within 300 ms");
    }

    @Test
    void aRefusedConnectionFailsTheConnect() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Endpoint nobody = Endpoint.of(URI.create("http://127.0.0.1:" + closedPort));

        CompletableFuture<Lane> connected = new Lane(loop, nobody, TIMEOUT_NANOS).connect();

        assertThatThrownBy(() -> connected.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasMessageContaining("Connection refused");
    }

    @Test
    void aRequestBeforeTheAnswerToTheOneBeforeIsRefused() throws Exception {
        server = new ScriptedServer(head -> "");
        Lane lane = new Lane(loop, server.endpoint(), TIMEOUT_NANOS);
        lane.send(WireRequest.get(server.endpoint(), "/sub/a", Optional.empty()));

        CompletableFuture<Answer> second = lane.send(WireRequest.get(server.endpoint(), "/sub/b", Optional.empty()));

        assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS)).hasMessageContaining("GET /sub/b sent before the answer");
    }

    /**
     * A server on a real socket that reads each request head (and its Content-Length body) and
     * writes what its script says: an answer, nothing ("") or a close (null).
     */
    private static final class ScriptedServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Function<String, String> script;
        private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        private final List<Socket> accepted = new ArrayList<>();
        private final Thread acceptor;

        ScriptedServer(Function<String, String> script) throws IOException {
            this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            this.script = script;
            this.acceptor = new Thread(this::accept, "scripted-server");
            this.acceptor.setDaemon(true);
            this.acceptor.start();
        }

        Endpoint endpoint() {
            InetSocketAddress address = (InetSocketAddress) socket.getLocalSocketAddress();
            return Endpoint.of(URI.create("http://127.0.0.1:" + address.getPort()));
        }

        List<String> requests() {
            return new ArrayList<>(requests);
        }

        synchronized int connections() {
            return accepted.size();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    synchronized (this) {
                        accepted.add(connection);
                    }
                    Thread serving = new Thread(() -> serve(connection), "scripted-connection");
                    serving.setDaemon(true);
                    serving.start();
                }
                catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), ISO_8859_1));
                OutputStream out = connection.getOutputStream();
                while (true) {
                    StringBuilder head = new StringBuilder();
                    int length = 0;
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        head.append(line).append("\r\n");
                        if (line.isEmpty()) {
                            break;
                        }
                        if (line.startsWith("Content-Length: ")) {
                            length = Integer.parseInt(line.substring(16));
                        }
                    }
                    if (head.length() == 0) {
                        return;
                    }
                    char[] body = new char[length];
                    for (int read = 0; read < length;) {
                        read += in.read(body, read, length - read);
                    }
                    requests.add(head.append(body).toString());
                    String answer = script.apply(head.toString());
                    if (answer == null) {
                        return;
                    }
                    out.write(answer.getBytes(ISO_8859_1));
                    out.flush();
                    if (answer.contains("Connection: close")) {
                        return;
                    }
                }
            }
            catch (IOException e) {
                // the client went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (this) {
                for (Socket connection : accepted) {
                    connection.close();
                }
            }
        }
    }
}
