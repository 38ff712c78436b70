package org.hbpush.server.http;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty's thread pool for the HTTP connections, except that a connection resumed after a held
 * answer waits for its next request in the selector rather than on a thread of its own (see
 * {@link RawTargetConnectionFactory#resumeWithoutThread}).
 */
public final class HttpThreadPool extends QueuedThreadPool {
    public HttpThreadPool(String name) {
        setName(name);
    }

    @Override
    public void execute(Runnable job) {
        if (RawTargetConnectionFactory.resumeWithoutThread(job)) {
            return;
        }
        super.execute(job);
    }
}
