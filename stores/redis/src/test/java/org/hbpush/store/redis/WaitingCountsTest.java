package org.hbpush.store.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.hbpush.api.ChannelId;
import org.hbpush.api.StoreUnavailableException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaitingCountsTest {
    private static final ChannelId CHANNEL = ChannelId.of("news");

    /** A writer that keeps each write pending until the test answers it. */
    private static final class PendingWriter implements WaitingCounts.Writer {
        record Write(ChannelId channel, long count, CompletableFuture<Boolean> answer) {
        }

        final List<Write> writes = new ArrayList<>();

        @Override
        public synchronized CompletionStage<Boolean> write(ChannelId channel, long count) {
            Write write = new Write(channel, count, new CompletableFuture<>());
            writes.add(write);
            return write.answer();
        }

        synchronized Write last() {
            return writes.get(writes.size() - 1);
        }

        synchronized List<Long> counts() {
            return writes.stream().map(Write::count).toList();
        }
    }

    private final PendingWriter writer = new PendingWriter();
    private final WaitingCounts counts = new WaitingCounts(writer);

    @Test
    void writesTheCountNotTheChangeAndOneWriteAtATime() {
        CompletionStage<Void> first = counts.add(CHANNEL, 1);
        CompletionStage<Void> second = counts.add(CHANNEL, 1);
        CompletionStage<Void> third = counts.add(CHANNEL, 1);
        assertThat(writer.counts()).as("one write in flight per channel").containsExactly(1L);

        writer.last().answer().complete(true);
        assertThat(first.toCompletableFuture()).isCompleted();
        assertThat(writer.counts()).as("the next write carries the latest count").containsExactly(1L, 3L);
        assertThat(second.toCompletableFuture()).isNotDone();

        writer.last().answer().complete(true);
        assertThat(second.toCompletableFuture()).isCompleted();
        assertThat(third.toCompletableFuture()).isCompleted();
        assertThat(counts.channels()).isEqualTo(1);
    }

    @Test
    void neverGoesBelowZeroAndForgetsAChannelAtZero() {
        counts.add(CHANNEL, 1);
        writer.last().answer().complete(true);
        counts.add(CHANNEL, -5);
        assertThat(writer.last().count()).isZero();
        writer.last().answer().complete(true);
        assertThat(counts.channels()).isZero();
    }

    @Test
    void aChangeForAMissingChannelIsTakenBack() {
        counts.add(CHANNEL, 4);
        writer.last().answer().complete(false);
        counts.add(CHANNEL, 1);
        assertThat(writer.last().count()).as("the 4 Redis ignored are not counted").isEqualTo(1);
    }

    @Test
    void aFailedWriteFailsItsCallersAndIsRetriedLater() {
        CompletionStage<Void> added = counts.add(CHANNEL, 2);
        writer.last().answer().completeExceptionally(new StoreUnavailableException("redis is down"));
        assertThat(added.toCompletableFuture()).isCompletedExceptionally();
        assertThat(writer.writes).hasSize(1);

        counts.retryFailed();
        assertThat(writer.counts()).containsExactly(2L, 2L);
        writer.last().answer().complete(true);
        counts.retryFailed();
        assertThat(writer.writes).as("nothing left to retry").hasSize(2);
    }

    @Test
    void rewriteAllWritesEveryCountAgain() {
        ChannelId other = ChannelId.of("other");
        counts.add(CHANNEL, 1);
        writer.last().answer().complete(true);
        counts.add(other, 2);
        writer.last().answer().complete(true);

        counts.rewriteAll();
        assertThat(writer.writes.subList(2, 4)).extracting(PendingWriter.Write::count).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void aDeletedChannelIsForgottenWithoutAWrite() {
        counts.add(CHANNEL, 3);
        writer.last().answer().complete(true);
        counts.channelDeleted(CHANNEL);
        assertThat(counts.channels()).isZero();
        counts.rewriteAll();
        assertThat(writer.writes).hasSize(1);
    }
}
