import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * The floors under hbpushd's CPU per delivery: the least work a long-polling server can do on a
 * given I/O layer, to tell what bounds the fanout (docs/performance.md, "The floors under a
 * delivery"). NOT a server: one channel model with no limits, a parser that trusts its client,
 * no errors, no timeouts. It answers just enough of the protocol for hbpush-bench's fanout:
 * PUT and GET (channel information) under /publisher/, POST to publish, long-polling GET under
 * /subscriber/ with If-Modified-Since and If-None-Match, and pre-encoded answers.
 *
 * <pre>
 *   java -cp "$(cat jetty.classpath)" bench/floors/Floors.java jetty PORT   # Jetty 12's connector and endpoints
 *   java bench/floors/Floors.java nio PORT                                  # one plain java.nio selector thread
 * </pre>
 *
 * bench/floors.sh runs both beside hbpushd and Nchan.
 */
public final class Floors {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final int BUFFERED_MESSAGES = 1000;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        Board board = new Board();
        switch (args[0]) {
            case "jetty" -> JettyFloor.serve(board, port);
            case "nio" -> NioFloor.serve(board, port);
            default -> throw new IllegalArgumentException("jetty or nio, not " + args[0]);
        }
    }

    /** Where an answer goes: a connection of either I/O layer. */
    interface Peer {
        void send(ByteBuffer answer);

        /** Called when the peer's poll is held: it waits for a message and sends nothing. */
        void held();
    }

    /** One parsed request, and where the next begins in the buffer. */
    record Request(String method, String path, String ifModifiedSince, String ifNoneMatch, byte[] body) {
        /** The request at the buffer's position, which then moves past it; null while it is not all here. */
        static Request take(ByteBuffer in) {
            int start = in.position();
            int headEnd = headEnd(in);
            if (headEnd < 0) {
                return null;
            }
            String head = latin1(in, start, headEnd);
            String lower = head.toLowerCase(Locale.ROOT);
            String length = header(head, lower, "content-length");
            int bodyLength = length == null ? 0 : Integer.parseInt(length);
            if (headEnd + 4 + bodyLength > in.limit()) {
                return null;
            }
            byte[] body = new byte[bodyLength];
            in.position(headEnd + 4);
            in.get(body);
            int firstSpace = head.indexOf(' ');
            int secondSpace = head.indexOf(' ', firstSpace + 1);
            return new Request(head.substring(0, firstSpace), head.substring(firstSpace + 1, secondSpace),
                    header(head, lower, "if-modified-since"), header(head, lower, "if-none-match"), body);
        }

        private static int headEnd(ByteBuffer in) {
            for (int index = in.position(); index + 3 < in.limit(); index++) {
                if (in.get(index) == '\r' && in.get(index + 1) == '\n' && in.get(index + 2) == '\r' && in.get(index + 3) == '\n') {
                    return index;
                }
            }
            return -1;
        }

        private static String latin1(ByteBuffer in, int from, int to) {
            byte[] bytes = new byte[to - from];
            in.get(from, bytes);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        private static String header(String head, String lower, String name) {
            int at = lower.indexOf("\n" + name + ":");
            if (at < 0) {
                return null;
            }
            int end = head.indexOf('\r', at + 1);
            return head.substring(at + name.length() + 2, end < 0 ? head.length() : end).trim();
        }
    }

    /** The channels, their messages and held polls, and what each request gets. */
    static final class Board {
        private final Map<String, Channel> channels = new HashMap<>();

        void handle(Request request, Peer peer) {
            if (request.method().equals("GET") && request.path().startsWith("/subscriber/")) {
                subscribe(request.path().substring("/subscriber/".length()), request, peer);
            }
            else if (request.path().startsWith("/publisher/")) {
                publisher(request.path().substring("/publisher/".length()), request, peer);
            }
            else {
                peer.send(plain(404, "Not Found", "no such location\n"));
            }
        }

        private void subscribe(String name, Request request, Peer peer) {
            long time = -1;
            long tag = -1;
            if (request.ifModifiedSince() != null && request.ifNoneMatch() != null) {
                time = Instant.from(HTTP_DATE.parse(request.ifModifiedSince())).getEpochSecond();
                tag = Long.parseLong(request.ifNoneMatch().replace("\"", ""));
            }
            ByteBuffer answer;
            synchronized (this) {
                Channel channel = channels.computeIfAbsent(name, key -> new Channel());
                answer = channel.answerAfter(time, tag);
                if (answer == null) {
                    channel.waiting.add(peer);
                }
            }
            if (answer == null) {
                peer.held();
            }
            else {
                peer.send(answer);
            }
        }

        private void publisher(String name, Request request, Peer peer) {
            List<Peer> waiting = List.of();
            ByteBuffer answer = null;
            String count;
            synchronized (this) {
                Channel channel = channels.computeIfAbsent(name, key -> new Channel());
                if (request.method().equals("POST")) {
                    answer = channel.add(request.body());
                    waiting = new ArrayList<>(channel.waiting);
                    channel.waiting.clear();
                }
                count = "queued messages: " + channel.answers.size() + "\nactive subscribers: " + channel.waiting.size() + "\n";
            }
            for (Peer waiter : waiting) {
                waiter.send(answer.duplicate());
            }
            peer.send(request.method().equals("POST") ? plain(201, "Created", count) : plain(200, "OK", count));
        }

        private static ByteBuffer plain(int status, String reason, String body) {
            String text = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body;
            return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** A channel's newest messages as whole pre-encoded answers, and its held polls. */
    static final class Channel {
        final List<ByteBuffer> answers = new ArrayList<>();
        final List<long[]> ids = new ArrayList<>();
        final List<Peer> waiting = new ArrayList<>();
        private long lastTime = -1;
        private long lastTag = -1;

        ByteBuffer add(byte[] body) {
            long time = Math.max(System.currentTimeMillis() / 1000, lastTime);
            long tag = time == lastTime ? lastTag + 1 : 0;
            lastTime = time;
            lastTag = tag;
            String head = "HTTP/1.1 200 OK\r\nLast-Modified: " + HTTP_DATE.format(Instant.ofEpochSecond(time)) + "\r\nEtag: \"" + tag
                    + "\"\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n";
            ByteBuffer answer = ByteBuffer.allocateDirect(head.length() + body.length);
            answer.put(head.getBytes(StandardCharsets.ISO_8859_1)).put(body).flip();
            answers.add(answer);
            ids.add(new long[] {time, tag});
            if (answers.size() > BUFFERED_MESSAGES) {
                answers.remove(0);
                ids.remove(0);
            }
            return answer;
        }

        /** The answer for the first message after (time, tag), newest first as pollers are nearly always there; null when none. */
        ByteBuffer answerAfter(long time, long tag) {
            for (int index = ids.size() - 1; index >= 0; index--) {
                long[] id = ids.get(index);
                if (id[0] < time || (id[0] == time && id[1] <= tag)) {
                    return index + 1 < answers.size() ? answers.get(index + 1).duplicate() : null;
                }
            }
            return answers.isEmpty() ? null : answers.get(0).duplicate();
        }
    }

    /** The floor on Jetty 12: its ServerConnector, selector and endpoints, a connection of its own. */
    static final class JettyFloor {
        static void serve(Board board, int port) throws Exception {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server, new AbstractConnectionFactory("http/1.1") {
                @Override
                public Connection newConnection(Connector connector, EndPoint endPoint) {
                    return configure(new FloorConnection(endPoint, connector.getExecutor(), board), connector, endPoint);
                }
            });
            connector.setHost("127.0.0.1");
            connector.setPort(port);
            connector.setAcceptQueueSize(4096);
            connector.setIdleTimeout(600_000);
            server.addConnector(connector);
            server.start();
            server.join();
        }
    }

    /**
     * One connection: reads and handles requests on the selector's thread. A held poll keeps its
     * read interest (as hbpushd's close watch does), so the selector's interest set does not change
     * while it waits.
     */
    static final class FloorConnection extends AbstractConnection implements Peer {
        private final ByteBuffer in = BufferUtil.allocateDirect(16 * 1024);
        private final Board board;
        private final Callback readable = nonBlocking(this::onFillable);
        private final Callback sent = nonBlocking(this::afterSend);

        FloorConnection(EndPoint endPoint, Executor executor, Board board) {
            super(endPoint, executor);
            this.board = board;
        }

        @Override
        public void onOpen() {
            super.onOpen();
            fillInterested(readable);
        }

        @Override
        public void onFillable() {
            try {
                Request request = Request.take(in);
                while (request == null) {
                    BufferUtil.compact(in);
                    int read = getEndPoint().fill(in);
                    if (read < 0) {
                        close();
                        return;
                    }
                    if (read == 0) {
                        fillInterested(readable);
                        return;
                    }
                    request = Request.take(in);
                }
                board.handle(request, this);
            }
            catch (IOException e) {
                close();
            }
        }

        @Override
        public void send(ByteBuffer answer) {
            getEndPoint().write(sent, answer);
        }

        @Override
        public void held() {
            // a publisher on another thread may have answered the poll and asked already
            tryFillInterested(readable);
        }

        private void afterSend() {
            if (in.hasRemaining()) {
                onFillable();
            }
            else {
                tryFillInterested(readable);
            }
        }

        private Callback nonBlocking(Runnable then) {
            return new Callback() {
                @Override
                public void succeeded() {
                    then.run();
                }

                @Override
                public void failed(Throwable failure) {
                    close();
                }

                @Override
                public InvocationType getInvocationType() {
                    return InvocationType.NON_BLOCKING;
                }
            };
        }
    }

    /** The floor on the JDK alone: one selector thread, the channels always interested in reads. */
    static final class NioFloor {
        static void serve(Board board, int port) throws IOException {
            Selector selector = Selector.open();
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            while (true) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (key.isValid() && key.isAcceptable()) {
                        accept(server, selector, board);
                    }
                    else if (key.isValid()) {
                        ((NioConnection) key.attachment()).onReady();
                    }
                }
            }
        }

        private static void accept(ServerSocketChannel server, Selector selector, Board board) throws IOException {
            SocketChannel channel;
            while ((channel = server.accept()) != null) {
                channel.configureBlocking(false);
                channel.socket().setTcpNoDelay(true);
                NioConnection connection = new NioConnection(channel, board);
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
            }
        }
    }

    /** One connection of the NIO floor: writes at once, queues only what the socket does not take. */
    static final class NioConnection implements Peer {
        private final SocketChannel channel;
        private final Board board;
        private final ByteBuffer in = ByteBuffer.allocateDirect(16 * 1024).flip();
        private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>();
        SelectionKey key;

        NioConnection(SocketChannel channel, Board board) {
            this.channel = channel;
            this.board = board;
        }

        void onReady() {
            try {
                if (key.isWritable()) {
                    flush();
                }
                if (key.isValid() && key.isReadable()) {
                    in.compact();
                    int read = channel.read(in);
                    in.flip();
                    if (read < 0) {
                        close();
                        return;
                    }
                    Request request;
                    while ((request = Request.take(in)) != null) {
                        board.handle(request, this);
                    }
                }
            }
            catch (IOException e) {
                close();
            }
        }

        @Override
        public void send(ByteBuffer answer) {
            try {
                if (unsent.isEmpty()) {
                    channel.write(answer);
                    if (!answer.hasRemaining()) {
                        return;
                    }
                }
                unsent.add(answer);
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
            catch (IOException e) {
                close();
            }
        }

        @Override
        public void held() {
            // always interested in reads: nothing to do
        }

        private void flush() throws IOException {
            while (!unsent.isEmpty()) {
                channel.write(unsent.peek());
                if (unsent.peek().hasRemaining()) {
                    return;
                }
                unsent.poll();
            }
            key.interestOps(SelectionKey.OP_READ);
        }

        private void close() {
            try {
                channel.close();
            }
            catch (IOException ignored) {
                // gone either way
            }
        }
    }
}
