package org.hbpush.store.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.hbpush.api.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JoinedReadsTest {
    /** A reader that keeps each read pending until the test answers it. */
    private static final class PendingReader {
        record Read(String key, CompletableFuture<String> answer) {
        }

        final List<Read> sent = new ArrayList<>();

        synchronized CompletionStage<String> read(String key) {
            Read read = new Read(key, new CompletableFuture<>());
            sent.add(read);
            return read.answer();
        }

        synchronized Read sent(int index) {
            return sent.get(index);
        }

        synchronized List<String> keys() {
            return sent.stream().map(Read::key).toList();
        }
    }

    private final PendingReader reader = new PendingReader();
    private final JoinedReads<String, String> reads = new JoinedReads<>(reader::read);

    @Test
    void aLoneReadIsSentAtOnce() {
        CompletableFuture<String> answer = reads.read("news after 1");

        assertThat(reader.keys()).containsExactly("news after 1");
        reader.sent(0).answer().complete("message 2");
        assertThat(answer).isCompletedWithValue("message 2");
        assertThat(reads.keysInFlight()).as("nothing in flight, nothing kept").isZero();
    }

    @Test
    void readsAskedDuringOneInFlightShareOneNextReadSentWhenItCompletes() {
        CompletableFuture<String> first = reads.read("news after 1");
        CompletableFuture<String> second = reads.read("news after 1");
        CompletableFuture<String> third = reads.read("news after 1");
        assertThat(reader.keys()).as("the next read waits for the one in flight").hasSize(1);

        reader.sent(0).answer().complete("nothing newer");
        assertThat(first).isCompletedWithValue("nothing newer");
        assertThat(reader.keys()).as("one read for every caller that waited").hasSize(2);
        assertThat(second).as("a caller is only answered by a read sent after it asked").isNotDone();
        assertThat(third).isNotDone();

        reader.sent(1).answer().complete("message 2");
        assertThat(second).isCompletedWithValue("message 2");
        assertThat(third).isCompletedWithValue("message 2");
        assertThat(reads.keysInFlight()).isZero();
    }

    @Test
    void aCallerIsNeverAnsweredByAReadSentBeforeItAsked() {
        CompletableFuture<String> early = reads.read("news after 1");
        reads.read("news after 1");
        reader.sent(0).answer().complete("nothing newer");
        // The second read is now in flight: a caller asking now waits for a third one.
        CompletableFuture<String> late = reads.read("news after 1");

        reader.sent(1).answer().complete("nothing newer either");
        assertThat(early).isCompletedWithValue("nothing newer");
        assertThat(late).as("sent before this caller asked: not its answer").isNotDone();
        assertThat(reader.keys()).hasSize(3);

        reader.sent(2).answer().complete("message 2");
        assertThat(late).isCompletedWithValue("message 2");
    }

    @Test
    void aFailureGoesToItsOwnCallersAndTheNextOnesStillRead() {
        CompletableFuture<String> first = reads.read("news after 1");
        CompletableFuture<String> second = reads.read("news after 1");

        reader.sent(0).answer().completeExceptionally(new StoreUnavailableException("redis is down"));
        assertThat(first).isCompletedExceptionally();
        assertThat(second).as("its own read is still to come").isNotDone();
        assertThat(reader.keys()).hasSize(2);

        reader.sent(1).answer().complete("message 2");
        assertThat(second).isCompletedWithValue("message 2");
    }

    @Test
    void theNextReadsFailureGoesToItsCallersOnly() {
        CompletableFuture<String> first = reads.read("news after 1");
        CompletableFuture<String> second = reads.read("news after 1");

        reader.sent(0).answer().complete("nothing newer");
        reader.sent(1).answer().completeExceptionally(new StoreUnavailableException("redis is down"));
        assertThat(first).isCompletedWithValue("nothing newer");
        assertThat(second).failsWithin(Duration.ZERO).withThrowableThat().withRootCauseInstanceOf(StoreUnavailableException.class);
        assertThat(reads.keysInFlight()).isZero();
    }

    @Test
    void aReaderThatThrowsFailsItsCallerAndKeepsNothing() {
        JoinedReads<String, String> throwing = new JoinedReads<>(key -> {
            throw new IllegalStateException("closed");
        });

        CompletableFuture<String> answer = throwing.read("news after 1");

        assertThat(answer).isCompletedExceptionally();
        assertThat(throwing.keysInFlight()).isZero();
    }

    @Test
    void eachCallerHasItsOwnFuture() {
        reads.read("news after 1");
        CompletableFuture<String> impatient = reads.read("news after 1");
        CompletableFuture<String> patient = reads.read("news after 1");

        impatient.cancel(false);
        reader.sent(0).answer().complete("nothing newer");
        reader.sent(1).answer().complete("message 2");
        assertThat(patient).isCompletedWithValue("message 2");
    }

    @Test
    void differentKeysDoNotWaitForEachOther() {
        CompletableFuture<String> news = reads.read("news after 1");
        CompletableFuture<String> sport = reads.read("sport after 1");
        CompletableFuture<String> newsLater = reads.read("news after 2");

        assertThat(reader.keys()).containsExactly("news after 1", "sport after 1", "news after 2");
        assertThat(reads.keysInFlight()).isEqualTo(3);
        reader.sent(1).answer().complete("sport 2");
        reader.sent(2).answer().complete("news 3");
        reader.sent(0).answer().complete("news 2");
        assertThat(news).isCompletedWithValue("news 2");
        assertThat(sport).isCompletedWithValue("sport 2");
        assertThat(newsLater).isCompletedWithValue("news 3");
        assertThat(reads.keysInFlight()).as("nothing in flight, nothing kept").isZero();
    }
}
