package org.hbpush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The regression guard of issue #7: every scenario, small, through the tool's own entry point against
 * a real hbpushd. It checks correctness only (nothing lost, duplicated or reordered; every answer
 * 2xx or 304); speed is for the benchmarks, never asserted here.
 */
class BenchSmokeTest {
    private InProcessServer server;

    @BeforeEach
    void start() throws Exception {
        server = InProcessServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void fanoutDeliversEveryRoundOnceAndInOrderToEverySubscriber() {
        ToolRun run = bench("fanout", "--subscribers", "60", "--channels", "3", "--rounds", "5");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.result()).contains("scenario=fanout", "subscribers=60", "deliveries=300",
                "lost=0", "duplicated=0", "reordered=0", "unexpected=0", "failed=0", "ok=true");
    }

    @Test
    void fanoutWarmUpRoundsAreCheckedButNotCounted() {
        ToolRun run = bench("fanout", "--subscribers", "20", "--channels", "2", "--warmup-rounds", "3", "--rounds", "2");

        assertThat(run.status()).as(run.toString()).isZero();
        // 5 rounds reach every subscriber in order; the 2 measured ones are the 40 deliveries counted
        assertThat(run.result()).contains("rounds=2", "warmup_rounds=3", "deliveries=40", "tool_cpu_us_per_op=",
                "lost=0", "duplicated=0", "reordered=0", "unexpected=0", "failed=0", "ok=true");
    }

    @Test
    void chainFollowersSeeEveryPublishersMessagesOnceAndInOrder() {
        ToolRun run = bench("chain", "--channels", "3", "--followers", "2", "--publishers", "4", "--messages", "150");

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.result()).contains("scenario=chain", "messages=450", "deliveries=900",
                "lost=0", "duplicated=0", "reordered=0", "unexpected=0", "failed=0", "ok=true");
    }

    @Test
    void publishAndIntervalGetOnlySuccessesAndNotModified() {
        ToolRun publish = bench("publish", "--connections", "4", "--channels", "2", "--duration", "0.5", "--warmup", "0");
        ToolRun interval = bench("interval", "--connections", "4", "--subscriber-prefix", "/interval/", "--duration", "0.5", "--warmup", "0");

        assertThat(publish.status()).as(publish.toString()).isZero();
        assertThat(publish.result()).contains("scenario=publish", "unexpected=0", "failed=0", "ok=true");
        assertThat(interval.status()).as(interval.toString()).isZero();
        assertThat(interval.result()).contains("scenario=interval", "unexpected=0", "failed=0", "ok=true");
    }

    @Test
    void idleHoldsEveryPollAndReadsTheServersMemory() {
        // the server runs in this JVM: its memory is this process's
        ToolRun run = bench("idle", "--subscribers", "40", "--channels", "2", "--hold", "0",
                "--pid", Long.toString(ProcessHandle.current().pid()));

        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.result()).contains("scenario=idle", "held=40", "rss_before_kb=", "bytes_per_poll=", "ok=true");
    }

    @Test
    void aRefusedSubscriberFailsTheRun() {
        // without PUT the channels do not exist on hbpushd: every subscriber gets 404
        ToolRun run = bench("fanout", "--subscribers", "5", "--create", "none", "--timeout", "10");

        assertThat(run.status()).as(run.toString()).isEqualTo(Main.FAILED);
        assertThat(run.result()).contains("ok=false");
        assertThat(run.err()).contains("unexpected 404");
    }

    @Test
    void aBadCommandLineIsAUsageErrorWithoutResult() {
        ToolRun run = bench("fanout", "--subscribers", "none");

        assertThat(run.status()).isEqualTo(Main.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("--subscribers must be a whole number");
    }

    @Test
    void helpNamesEveryScenarioAndTheFileLimit() {
        ToolRun run = new ToolRun(List.of("--help"));

        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("publish", "interval", "fanout", "chain", "idle", "ulimit -n");
    }

    private ToolRun bench(String scenario, String... options) {
        List<String> args = new ArrayList<>(List.of(scenario, "--url", server.url(), "--progress", "0", "--timeout", "30"));
        args.addAll(List.of(options));
        return new ToolRun(args);
    }
}
