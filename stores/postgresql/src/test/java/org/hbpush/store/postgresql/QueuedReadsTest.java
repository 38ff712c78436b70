package org.hbpush.store.postgresql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueuedReadsTest {
    private final QueuedReads<String, String> reads = new QueuedReads<>();
    /** The reads queued, each with what its work runs first, left for the test to begin and answer. */
    private final List<Runnable> begins = new ArrayList<>();
    private final List<CompletableFuture<String>> answers = new ArrayList<>();

    private CompletableFuture<String> read(String key) {
        return reads.read(key, begun -> {
            begins.add(begun);
            CompletableFuture<String> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        });
    }

    @Test
    void anIdenticalReadJoinsOneThatHasNotBegun() {
        CompletableFuture<String> first = read("news after 1");
        CompletableFuture<String> second = read("news after 1");
        CompletableFuture<String> other = read("news after 2");

        assertThat(answers).as("one read per key").hasSize(2);
        answers.get(0).complete("message 2");
        assertThat(first).isCompletedWithValue("message 2");
        assertThat(second).isCompletedWithValue("message 2");
        assertThat(other).isNotDone();
    }

    @Test
    void aReadThatHasBegunIsNotJoined() {
        CompletableFuture<String> first = read("news after 1");
        begins.get(0).run();
        CompletableFuture<String> later = read("news after 1");

        assertThat(answers).as("a later caller may have been registered after the read's snapshot: it reads again").hasSize(2);
        answers.get(0).complete("nothing newer");
        answers.get(1).complete("message 2");
        assertThat(first).isCompletedWithValue("nothing newer");
        assertThat(later).isCompletedWithValue("message 2");
    }

    @Test
    void aReadRefusedBeforeItBeganIsNotJoinedAfterwards() {
        CompletableFuture<String> refused = reads.read("news after 1", begun -> CompletableFuture.failedFuture(new SQLException("down")));

        assertThat(refused).isCompletedExceptionally();
        assertThat(reads.open()).isZero();
        CompletableFuture<String> again = read("news after 1");
        answers.get(0).complete("message 2");
        assertThat(again).isCompletedWithValue("message 2");
    }
}
