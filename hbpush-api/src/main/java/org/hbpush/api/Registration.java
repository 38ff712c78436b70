package org.hbpush.api;

/**
 * A registration that can be undone, such as a {@link StoreListener} added with
 * {@link Store#listen}. Closing it twice does nothing more.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {
    @Override
    void close();
}
