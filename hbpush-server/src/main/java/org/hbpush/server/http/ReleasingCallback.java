package org.hbpush.server.http;

import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jetty.util.Callback;

import static java.util.Objects.requireNonNull;

/**
 * A request's callback that runs {@code onEnd} once, as the request ends: every way a held poll
 * ends (answered, timed out, client gone, channel deleted, server stopping) completes its
 * callback, so this is the one place that sees them all.
 */
final class ReleasingCallback implements Callback {
    private final Callback delegate;
    private final Runnable onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();

    ReleasingCallback(Callback delegate, Runnable onEnd) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.onEnd = requireNonNull(onEnd, "onEnd is null");
    }

    @Override
    public void succeeded() {
        end();
        delegate.succeeded();
    }

    @Override
    public void failed(Throwable failure) {
        end();
        delegate.failed(failure);
    }

    @Override
    public InvocationType getInvocationType() {
        return delegate.getInvocationType();
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            onEnd.run();
        }
    }
}
