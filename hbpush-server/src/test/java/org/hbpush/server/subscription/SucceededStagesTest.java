package org.hbpush.server.subscription;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SucceededStagesTest {
    @Test
    @DisplayName("a plain future that succeeded is read at once, null values included")
    void succeeded() {
        assertThat(SucceededStages.succeeded(CompletableFuture.completedFuture("answer"))).isTrue();
        assertThat(SucceededStages.value(CompletableFuture.completedFuture("answer"))).isEqualTo("answer");
        assertThat(SucceededStages.succeeded(CompletableFuture.completedFuture(null))).isTrue();
        assertThat(SucceededStages.value(CompletableFuture.<String>completedFuture(null))).isNull();
    }

    @Test
    @DisplayName("pending, failed, minimal and other kinds of stages take the general path")
    void everythingElse() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        CompletableFuture<String> subclass = new CompletableFuture<>() { };
        subclass.complete("a subclass may change what its methods do");

        assertThat(SucceededStages.succeeded(pending)).isFalse();
        assertThat(SucceededStages.succeeded(CompletableFuture.failedFuture(new IllegalStateException("failed")))).isFalse();
        assertThat(SucceededStages.succeeded(CompletableFuture.completedStage("minimal"))).as("a minimal stage, which refuses isDone()").isFalse();
        assertThat(SucceededStages.succeeded(subclass)).isFalse();
        pending.cancel(false);
        assertThat(SucceededStages.succeeded(pending)).isFalse();
    }
}
