package org.hbpush.server.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PollDeadlinesTest {
    private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler("deadlines-test", true);

    @BeforeEach
    void startScheduler() throws Exception {
        scheduler.start();
    }

    @AfterEach
    void stopScheduler() throws Exception {
        scheduler.stop();
    }

    @Test
    void pollsNotAnsweredInTimeTimeOutInTheOrderTheyWereHeld() throws InterruptedException {
        PollDeadlines deadlines = new PollDeadlines(Duration.ofMillis(50));
        List<String> timedOut = new CopyOnWriteArrayList<>();
        CountDownLatch twoTimedOut = new CountDownLatch(2);

        deadlines.start(scheduler, () -> { timedOut.add("first"); twoTimedOut.countDown(); });
        PollDeadlines.Deadline answered = deadlines.start(scheduler, () -> timedOut.add("answered"));
        deadlines.start(scheduler, () -> { timedOut.add("third"); twoTimedOut.countDown(); });
        answered.cancel();

        assertThat(twoTimedOut.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(timedOut).containsExactly("first", "third");
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void aQueueEmptiedByCancellingServesLaterPollsAgain() throws InterruptedException {
        PollDeadlines deadlines = new PollDeadlines(Duration.ofMillis(20));
        deadlines.start(scheduler, () -> { }).cancel();
        assertThat(deadlines.pending()).isZero();

        CountDownLatch later = new CountDownLatch(1);
        PollDeadlines.Deadline deadline = deadlines.start(scheduler, later::countDown);
        assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
        deadline.cancel(); // after its timeout ran: harmless
        assertThat(deadlines.pending()).isZero();
    }

    @Test
    void aZeroTimeoutNeverTimesOut() {
        PollDeadlines deadlines = new PollDeadlines(Duration.ZERO);
        assertThat(deadlines.start(scheduler, () -> { throw new AssertionError("timed out"); })).isSameAs(PollDeadlines.Deadline.NEVER);
        assertThat(deadlines.pending()).isZero();
    }
}
