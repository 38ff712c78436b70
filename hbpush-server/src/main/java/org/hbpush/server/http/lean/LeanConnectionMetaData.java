package org.hbpush.server.http.lean;

import java.net.SocketAddress;
import java.util.concurrent.Executor;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Components;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.util.Attributes;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.util.thread.ThreadPool;

import static java.util.Objects.requireNonNull;

/** What a lean connection's requests tell the handlers about the connection, and the components they may use. */
final class LeanConnectionMetaData extends Attributes.Lazy implements ConnectionMetaData, Components {
    private final LeanConnection connection;
    private final Connector connector;
    private final HttpConfiguration configuration;
    private final String id;
    private final Attributes cache = new Attributes.Mapped();

    LeanConnectionMetaData(LeanConnection connection, Connector connector, HttpConfiguration configuration) {
        this.connection = requireNonNull(connection, "connection is null");
        this.connector = requireNonNull(connector, "connector is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.id = Integer.toHexString(System.identityHashCode(connection));
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public HttpConfiguration getHttpConfiguration() {
        return configuration;
    }

    @Override
    public HttpVersion getHttpVersion() {
        return HttpVersion.HTTP_1_1;
    }

    @Override
    public String getProtocol() {
        return HttpVersion.HTTP_1_1.asString();
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public Connector getConnector() {
        return connector;
    }

    @Override
    public boolean isPersistent() {
        return connection.isPersistent();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return connection.getEndPoint().getRemoteSocketAddress();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return connection.getEndPoint().getLocalSocketAddress();
    }

    @Override
    public ByteBufferPool getByteBufferPool() {
        return connector.getByteBufferPool();
    }

    @Override
    public Scheduler getScheduler() {
        return connector.getScheduler();
    }

    @Override
    public ThreadPool getThreadPool() {
        return connector.getServer().getThreadPool();
    }

    @Override
    public Executor getExecutor() {
        return connector.getExecutor();
    }

    @Override
    public Attributes getCache() {
        return cache;
    }
}
