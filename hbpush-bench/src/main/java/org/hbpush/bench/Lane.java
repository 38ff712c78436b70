package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;

import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.Request;

/**
 * One simulated client: a TCP connection of its own on which it sends one request at a time, the
 * way a browser's long poll does. Held polls then cost the tool a connection, not a thread, and a
 * subscriber never waits behind another one's held request. Reconnects when the server closed the
 * connection (nginx does after {@code keepalive_requests}).
 */
final class Lane {
    private final BenchClient client;
    private final Destination destination;
    private volatile Connection connection;

    Lane(BenchClient client, Destination destination) {
        this.client = requireNonNull(client, "client is null");
        this.destination = requireNonNull(destination, "destination is null");
    }

    CompletableFuture<Lane> connect() {
        return connection().thenApply(connected -> this);
    }

    /** Sends {@code request} once the previous answer is in; the caller keeps to one at a time. */
    CompletableFuture<Answer> send(Request request) {
        return connection().thenCompose(connected -> {
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            connected.send(request, client.listener(answer));
            return answer.thenApply(received -> {
                if (received.closes()) {
                    connected.close();
                    connection = null;
                }
                return received;
            });
        });
    }

    void close() {
        Connection current = connection;
        if (current != null) {
            current.close();
        }
    }

    private CompletableFuture<Connection> connection() {
        Connection current = connection;
        if (current != null && !current.isClosed()) {
            return CompletableFuture.completedFuture(current);
        }
        return destination.newConnection().thenApply(opened -> {
            connection = opened;
            return opened;
        });
    }
}
