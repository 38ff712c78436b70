package org.hbpush.store.postgresql;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.hbpush.api.ChannelId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaitingCountChangesTest {
    private static final ChannelId NEWS = ChannelId.of("news");
    private static final ChannelId SPORT = ChannelId.of("sport");

    /** The writes asked for, each left running until the test completes it. */
    private final List<Map<ChannelId, Integer>> batches = new ArrayList<>();
    private final List<CompletableFuture<Void>> writes = new ArrayList<>();
    private final WaitingCountChanges changes = new WaitingCountChanges(batch -> {
        batches.add(Map.copyOf(batch));
        CompletableFuture<Void> write = new CompletableFuture<>();
        writes.add(write);
        return write;
    });

    @Test
    void theFirstChangeIsWrittenAtOnce() {
        CompletableFuture<Void> counted = changes.add(NEWS, 1);

        assertThat(batches).containsExactly(Map.of(NEWS, 1));
        assertThat(counted).isNotDone();
        writes.get(0).complete(null);
        assertThat(counted).isCompleted();
    }

    @Test
    void changesMadeDuringAWriteGoTogetherInTheNext() {
        changes.add(NEWS, 1);
        CompletableFuture<Void> second = changes.add(NEWS, 1);
        CompletableFuture<Void> third = changes.add(NEWS, 1);
        changes.add(SPORT, -2);
        assertThat(batches).as("one write at a time").hasSize(1);

        writes.get(0).complete(null);
        assertThat(batches).containsExactly(Map.of(NEWS, 1), Map.of(NEWS, 2, SPORT, -2));
        assertThat(second).isNotDone();
        writes.get(1).complete(null);
        assertThat(second).isCompleted();
        assertThat(third).isCompleted();
        assertThat(batches).as("nothing left to write").hasSize(2);
    }

    @Test
    void changesThatCancelOutAreNotWritten() {
        changes.add(NEWS, 1);
        changes.add(SPORT, 1);
        CompletableFuture<Void> cancelled = changes.add(SPORT, -1);

        writes.get(0).complete(null);
        assertThat(batches).as("a poll held and answered meanwhile costs no write").containsExactly(Map.of(NEWS, 1));
        assertThat(cancelled).isCompleted();
    }

    @Test
    void aFailedWriteKeepsItsChangesForTheNextOne() {
        CompletableFuture<Void> first = changes.add(NEWS, 1);
        CompletableFuture<Void> meanwhile = changes.add(SPORT, 1);
        writes.get(0).completeExceptionally(new SQLException("PostgreSQL is down"));

        assertThat(first).isCompletedExceptionally();
        assertThat(meanwhile).as("not kept waiting for a write that only the next change starts").isCompletedExceptionally();
        assertThat(batches).as("no retry without a change: an outage is not hammered").hasSize(1);

        CompletableFuture<Void> afterwards = changes.add(NEWS, -1);
        assertThat(batches.get(1)).as("the failed write's changes, and those made since, added up").isEqualTo(Map.of(SPORT, 1));
        writes.get(1).complete(null);
        assertThat(afterwards).isCompleted();
    }
}
