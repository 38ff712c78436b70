package org.hbpush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.hbpush.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tool across a cluster: two hbpushd nodes on one private redis-server, subscribers on node A
 * and publishers on node B ({@code --publisher-url}). Correctness only, as in the smoke test: the
 * figures of such a run are for docs/performance.md.
 */
class BenchTwoNodesIT {
    private static RedisServerProcess redis;
    private static InProcessServer nodeA;
    private static InProcessServer nodeB;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start();
        String keyPrefix = "bench-two-nodes-" + UUID.randomUUID() + ":";
        nodeA = InProcessServer.startOnRedis(redis.host(), redis.port(), keyPrefix);
        nodeB = InProcessServer.startOnRedis(redis.host(), redis.port(), keyPrefix);
    }

    @AfterAll
    static void stop() {
        if (nodeA != null) {
            nodeA.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        if (redis != null) {
            redis.close();
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
        ToolRun run = bench("chain", "--channels", "3", "--followers", "2", "--publishers", "3", "--messages", "100");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.result()).contains("messages=300", "deliveries=600", "lost=0", "duplicated=0", "reordered=0", "ok=true");
    }

    @Test
    void withoutTheSharedStoreTheSubscribersNodeKnowsNothingOfThePublishersChannels() throws Exception {
        // The check that --publisher-url is obeyed: a lone memory node never sees node B's channels.
        try (InProcessServer lone = InProcessServer.start()) {
            List<String> args = new ArrayList<>(List.of("fanout", "--url", lone.url(), "--publisher-url", nodeB.url(),
                    "--subscribers", "2", "--progress", "0", "--timeout", "10"));
            ToolRun run = new ToolRun(args);

            assertThat(run.status()).as(run.toString()).isEqualTo(Main.FAILED);
            assertThat(run.err()).contains("unexpected 404");
        }
    }

    private static ToolRun bench(String scenario, String... options) {
        List<String> args = new ArrayList<>(List.of(scenario, "--url", nodeA.url(), "--publisher-url", nodeB.url(),
                "--progress", "0", "--timeout", "60"));
        args.addAll(List.of(options));
        return new ToolRun(args);
    }
}
