package org.hbpush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.hbpush.testing.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link TwoNodesBench} on one private redis-server, and the check that --publisher-url is obeyed. */
class BenchTwoNodesIT extends TwoNodesBench {
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
    static void stop() throws Exception {
        closeAll(nodeA, nodeB, redis);
    }

    @Override
    InProcessServer nodeA() {
        return nodeA;
    }

    @Override
    InProcessServer nodeB() {
        return nodeB;
    }

    @Test
    void withoutTheSharedStoreTheSubscribersNodeKnowsNothingOfThePublishersChannels() throws Exception {
        // A lone memory node never sees node B's channels.
        try (InProcessServer lone = InProcessServer.start()) {
            ToolRun run = new ToolRun(List.of("fanout", "--url", lone.url(), "--publisher-url", nodeB.url(),
                    "--subscribers", "2", "--progress", "0", "--timeout", "10"));

            assertThat(run.status()).as(run.toString()).isEqualTo(Main.FAILED);
            assertThat(run.err()).contains("unexpected 404");
        }
    }
}
