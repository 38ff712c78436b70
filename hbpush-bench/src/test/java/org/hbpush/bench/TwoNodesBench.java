package org.hbpush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The tool across a cluster: two hbpushd nodes sharing one store, subscribers on node A and
 * publishers on node B ({@code --publisher-url}). Correctness only, as in the smoke test: the
 * figures of such a run are for docs/performance.md. A subclass per store starts the store and both
 * nodes once for the class, and closes them.
 */
abstract class TwoNodesBench {
    /** The node the subscribers poll. */
    abstract InProcessServer nodeA();

    /** The node the publishers post to. */
    abstract InProcessServer nodeB();

    /** Closes what a subclass started, in order (nodes before their store); skips what never started. */
    static void closeAll(AutoCloseable... started) throws Exception {
        for (AutoCloseable resource : started) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    @Test
    void messagesPostedOnOneNodeReachEverySubscriberOfTheOther() {
        ToolRun run = bench("fanout", "--subscribers", "40", "--channels", "4", "--rounds", "5");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.result()).contains("deliveries=200", "lost=0", "duplicated=0", "reordered=0", "unexpected=0", "failed=0", "ok=true");
    }

    @Test
    void aChainPublishedOnOneNodeArrivesWholeAndInOrderOnTheOther() {
        ToolRun run = bench("chain", "--channels", "3", "--followers", "2", "--publishers", "4", "--messages", "100");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.result()).contains("messages=300", "deliveries=600", "lost=0", "duplicated=0", "reordered=0", "ok=true");
    }

    private ToolRun bench(String scenario, String... options) {
        List<String> args = new ArrayList<>(List.of(scenario, "--url", nodeA().url(), "--publisher-url", nodeB().url(),
                "--progress", "0", "--timeout", "60"));
        args.addAll(List.of(options));
        return new ToolRun(args);
    }
}
