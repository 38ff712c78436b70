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
 *
 * <p>Calls too frequent to allocate an instance each (every store call of every request) use
 * {@link #switchTo} and {@link #restore} instead.
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

    /**
     * Makes {@code classLoader} the current thread's context class loader, like the constructor,
     * without an instance: the caller keeps the previous loader and restores it in a finally block.
     *
     * <pre>{@code
     * ClassLoader previous = ThreadContextClassLoader.switchTo(pluginLoader);
     * try {
     *     return store.firstMessageAfter(channel, after);
     * }
     * finally {
     *     ThreadContextClassLoader.restore(previous);
     * }
     * }</pre>
     *
     * @return the context class loader set before, for {@link #restore}
     */
    public static ClassLoader switchTo(ClassLoader classLoader) {
        requireNonNull(classLoader, "classLoader is null");
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(classLoader);
        return previous;
    }

    /** Puts back the loader {@link #switchTo} returned; call it on the same thread. */
    public static void restore(ClassLoader previous) {
        Thread.currentThread().setContextClassLoader(previous);
    }

    /** Restores the context class loader that was set before; call it on the same thread. */
    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
