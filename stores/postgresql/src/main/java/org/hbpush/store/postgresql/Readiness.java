package org.hbpush.store.postgresql;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * What must be done once before the store's first call (create the tables, record this node),
 * tried again on the next call when an attempt fails: hbpushd starts while PostgreSQL is down,
 * and the store gets ready when it comes up. Calls made during an attempt share it.
 */
final class Readiness {
    private final Supplier<CompletableFuture<Void>> preparation;
    private Optional<CompletableFuture<Void>> attempt = Optional.empty();

    Readiness(Supplier<CompletableFuture<Void>> preparation) {
        this.preparation = requireNonNull(preparation, "preparation is null");
    }

    /** Completes when the store is ready; fails like the attempt did. */
    synchronized CompletableFuture<Void> ready() {
        if (attempt.isEmpty() || attempt.get().isCompletedExceptionally()) {
            attempt = Optional.of(preparation.get());
        }
        return attempt.get();
    }
}
