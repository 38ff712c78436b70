package org.hbpush.store.postgresql;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static java.util.Objects.requireNonNull;

/**
 * A loopback proxy in front of PostgreSQL that writes down the round trips of every transaction
 * that goes through it, read from the frontend protocol the client sends: a round trip ends where
 * the client waits for the server's answers (after a Sync, a Flush, or a simple Query with nothing
 * sent behind it), and a transaction runs
 * from the round trip that carries BEGIN to the one that carries COMMIT or ROLLBACK. Each round
 * trip lists the SQL of the statements it executed, also of those prepared earlier on the
 * connection (a Bind names them). The server's answers are passed on untouched.
 *
 * <p>So a test counts what a call costs on the wire, whatever the driver batches or caches.
 */
final class RoundTripProxy implements AutoCloseable {
    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_ENCRYPTION_REQUEST = 80877104;

    /** The SQL of the statements executed in one round trip. */
    record RoundTrip(List<String> statements) {
        RoundTrip {
            statements = List.copyOf(statements);
        }

        boolean ran(String fragment) {
            return statements.stream().anyMatch(statement -> statement.contains(fragment));
        }
    }

    /** One transaction's round trips, BEGIN's to COMMIT's. */
    record Transaction(List<RoundTrip> roundTrips) {
        Transaction {
            roundTrips = List.copyOf(roundTrips);
        }

        boolean ran(String fragment) {
            return roundTrips.stream().anyMatch(roundTrip -> roundTrip.ran(fragment));
        }
    }

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listening;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Transaction> finished = new CopyOnWriteArrayList<>();

    private RoundTripProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = requireNonNull(targetHost, "targetHost is null");
        this.targetPort = targetPort;
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Starts a proxy to PostgreSQL at {@code host}:{@code port}, on a free loopback port. */
    static RoundTripProxy start(String host, int port) {
        try {
            RoundTripProxy proxy = new RoundTripProxy(host, port);
            daemon("round-trip-proxy-accept", proxy::accept);
            return proxy;
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot start the round trip proxy", e);
        }
    }

    String host() {
        return listening.getInetAddress().getHostAddress();
    }

    int port() {
        return listening.getLocalPort();
    }

    /** The transactions finished so far, in the order their COMMIT or ROLLBACK was sent. */
    List<Transaction> transactions() {
        return List.copyOf(finished);
    }

    @Override
    public void close() throws IOException {
        listening.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void accept() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket server = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(server);
                daemon("round-trip-proxy-answers", () -> copy(server, client));
                daemon("round-trip-proxy-requests", () -> record(client, server));
            }
            catch (IOException e) {
                // Closed: the proxy stops.
            }
        }
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        }
        catch (IOException e) {
            // One side went away: so does the other.
        }
        finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Passes the client's messages on, writing down the statements of each round trip. */
    private void record(Socket client, Socket server) {
        try (DataInputStream in = new DataInputStream(client.getInputStream()); OutputStream out = server.getOutputStream()) {
            passStartup(in, out);
            Map<String, String> prepared = new HashMap<>();
            List<String> statements = new ArrayList<>();
            List<RoundTrip> transaction = null;
            while (true) {
                byte type = in.readByte();
                int length = in.readInt();
                byte[] body = in.readNBytes(length - 4);
                if (body.length != length - 4) {
                    throw new EOFException();
                }
                out.write(type);
                writeInt(out, length);
                out.write(body);
                out.flush();
                String[] strings = cStrings(body);
                switch (type) {
                    case 'P' -> prepared.put(strings[0], strings[1]);
                    case 'B' -> statements.add(prepared.getOrDefault(strings[1], "?"));
                    case 'Q' -> statements.add(strings[0]);
                    default -> {
                    }
                }
                // A simple Query is answered at once, yet the client waits only when it sent nothing
                // behind it: pgjdbc writes BEGIN ahead of a transaction's first statement, together.
                boolean waits = type == 'S' || type == 'H' || type == 'Q' && in.available() == 0;
                if (!waits) {
                    continue;
                }
                RoundTrip roundTrip = new RoundTrip(statements);
                statements.clear();
                if (roundTrip.statements().stream().anyMatch(statement -> statement.strip().equalsIgnoreCase("BEGIN"))) {
                    transaction = new ArrayList<>();
                }
                if (transaction == null) {
                    continue;
                }
                transaction.add(roundTrip);
                if (roundTrip.statements().stream().anyMatch(statement -> statement.strip().matches("(?i)COMMIT|ROLLBACK"))) {
                    finished.add(new Transaction(transaction));
                    transaction = null;
                }
            }
        }
        catch (IOException e) {
            // The connection ended.
        }
        finally {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    /** Passes the untyped start-up messages on: an encryption request (answered by the server), then the start-up message. */
    private static void passStartup(DataInputStream in, OutputStream out) throws IOException {
        while (true) {
            int length = in.readInt();
            int code = in.readInt();
            byte[] rest = in.readNBytes(length - 8);
            writeInt(out, length);
            writeInt(out, code);
            out.write(rest);
            out.flush();
            if (code != SSL_REQUEST && code != GSS_ENCRYPTION_REQUEST) {
                return;
            }
        }
    }

    /** The zero-terminated strings at the start of a message body (statement and portal names, SQL). */
    private static String[] cStrings(byte[] body) {
        List<String> strings = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < body.length && strings.size() < 2; i++) {
            if (body[i] == 0) {
                strings.add(new String(body, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        while (strings.size() < 2) {
            strings.add("");
        }
        return strings.toArray(String[]::new);
    }

    private static void writeInt(OutputStream out, int value) throws IOException {
        out.write(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException e) {
            // Already closed.
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
