package org.hbpush.server.plugin;

import static java.util.Objects.requireNonNull;

/**
 * Sets the current thread's context class loader until closed, then puts the previous one back.
 *
 * <p>Libraries inside plugins (JDBC's {@code DriverManager}, Netty, JAXB, ...) look classes up
 * through the context class loader; during a call into a plugin it must be the plugin's loader,
 * not the server's.
 *
 * <pre>{@code
 * try (ThreadContextClassLoader ignored = new ThreadContextClassLoader(pluginLoader)) {
 *     return provider.create(options, context);
 * }
 * }</pre>
 */
public final class ThreadContextClassLoader implements AutoCloseable {
    private final Thread thread;
    private final ClassLoader previous;

    /** Makes {@code classLoader} the current thread's context class loader. */
    public ThreadContextClassLoader(ClassLoader classLoader) {
        requireNonNull(classLoader, "classLoader is null");
        this.thread = Thread.currentThread();
        this.previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
    }

    /** Restores the context class loader that was set before; call it on the same thread. */
    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
