package org.hbpush.server.subscription;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Reads a store's stage at once when it has already succeeded, as the stages of a store that
 * answers from memory have. {@code whenComplete} on such a stage runs its action at once too, but
 * costs a new stage and the action's lambda, on every store call of every poll.
 *
 * <pre>{@code
 * CompletionStage<Optional<MessageLookup>> lookup = store.firstMessageAfter(channel, after);
 * if (SucceededStages.succeeded(lookup)) {
 *     answer(SucceededStages.value(lookup), null);
 * }
 * else {
 *     lookup.whenComplete((found, failure) -> answer(found, failure));
 * }
 * }</pre>
 */
public final class SucceededStages {
    private SucceededStages() {
    }

    /**
     * True for a plain {@link CompletableFuture} that has succeeded. Its subclasses may refuse to be
     * asked (a minimal stage throws), so they count as not succeeded, like any other stage.
     */
    public static boolean succeeded(CompletionStage<?> stage) {
        return stage.getClass() == CompletableFuture.class
                && ((CompletableFuture<?>) stage).isDone() && !((CompletableFuture<?>) stage).isCompletedExceptionally();
    }

    /** The value of a stage {@link #succeeded} said yes to. */
    public static <T> T value(CompletionStage<T> stage) {
        return ((CompletableFuture<T>) stage).join();
    }
}
