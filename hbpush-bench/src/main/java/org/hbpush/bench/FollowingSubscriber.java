package org.hbpush.bench;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A long-polling subscriber that walks its channel as the protocol says: its first GET carries no
 * validators, each next one the {@code Last-Modified} and {@code Etag} of the last message it got.
 * Every message goes through its {@link DeliveryLedger}; it stops once it has every message the
 * ledger expects, on an answer the protocol does not allow, or at the run's deadline.
 */
final class FollowingSubscriber {
    private final BenchRun run;
    private final Lane lane;
    private final int channel;
    private final DeliveryLedger ledger;
    private final Consumer<SequenceBody> onNewMessage;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    /**
     * @param onNewMessage called once per message the subscriber had not had before (not for duplicates)
     */
    FollowingSubscriber(BenchRun run, Lane lane, int channel, DeliveryLedger ledger, Consumer<SequenceBody> onNewMessage) {
        this.run = requireNonNull(run, "run is null");
        this.lane = requireNonNull(lane, "lane is null");
        this.channel = channel;
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.onNewMessage = requireNonNull(onNewMessage, "onNewMessage is null");
    }

    void start() {
        poll(Optional.empty());
    }

    /** Completes when the subscriber stopped (not necessarily with every message: see its ledger). */
    CompletableFuture<Void> done() {
        return done;
    }

    DeliveryLedger ledger() {
        return ledger;
    }

    private void poll(Optional<Validators> validators) {
        if (ledger.isComplete() || run.pastDeadline()) {
            done.complete(null);
            return;
        }
        String description = "GET " + run.subscriberPath(channel);
        lane.send(run.client().get(run.subscriberPath(channel), validators)).whenComplete((answer, failure) -> {
            if (failure != null) {
                run.outcomes().failed(description, failure);
                done.complete(null);
            }
            else if (answer.status() == 200) {
                run.outcomes().answered();
                received(description, answer).ifPresentOrElse(next -> poll(Optional.of(next)), () -> done.complete(null));
            }
            else if (answer.status() == 304) {
                // a long poll may end without a message (Nchan's subscriber timeout): ask again
                run.outcomes().answered();
                poll(validators);
            }
            else {
                run.outcomes().unexpected(description, answer);
                done.complete(null);
            }
        });
    }

    /** Checks and records a message; the validators to poll with next, or empty to stop. */
    private Optional<Validators> received(String description, Answer answer) {
        if (answer.validators().isEmpty()) {
            run.outcomes().wrongContent(description, "a message without Last-Modified and Etag");
            return Optional.empty();
        }
        Optional<SequenceBody> message = SequenceBody.parse(answer.body());
        if (message.isEmpty() || message.get().channel() != channel) {
            run.outcomes().wrongContent(description, "a message the tool did not post to this channel: " + abbreviate(answer.body()));
            return Optional.empty();
        }
        switch (ledger.record(message.get(), answer.validators().get().messageId())) {
            case NEW -> onNewMessage.accept(message.get());
            case DUPLICATE -> {
                // counted by the ledger
            }
            case FOREIGN -> {
                run.outcomes().wrongContent(description, "a message from an unknown publisher: " + abbreviate(answer.body()));
                return Optional.empty();
            }
        }
        return answer.validators();
    }

    private static String abbreviate(String body) {
        return body.length() > 60 ? body.substring(0, 60) + "..." : body;
    }
}
