package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** watch, cancel, retry, resume on the packaged CLI, including kill -9 of the client. */
class LifecycleEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private ScatterCli scatter() {
        return new ScatterCli(dir);
    }

    private JsonNode status() throws IOException {
        return JSON.readTree(scatter().run("status", "--json", "--all").stdout());
    }

    /** How many times each entry appended its marker. */
    private Map<Integer, Integer> markers() throws IOException {
        Map<Integer, Integer> counts = new TreeMap<>();
        Path file = dir.resolve("markers");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                counts.merge(Integer.parseInt(line.strip()), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static void awaitFile(Path file) {
        await("file " + file).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> Files.exists(file));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void killedAtRandomMomentsThenResumedEveryEntryRunsExactlyOnce(long seed) throws Exception {
        Random random = new Random(seed);
        int n = 300;
        String command = "sleep 0.0$((RANDOM % 5)); echo {} >> markers";
        Process run = scatter().start("run", "--range", "1.." + n, "--chunk", "3", "--", command);
        Thread.sleep(random.nextInt(4000));
        run.destroyForcibly().waitFor();
        for (int round = 0; round < 2 && Files.exists(dir.resolve(".scatter/runs/1/spec.json")); round++) {
            // the resume itself may be killed too
            Process resume = scatter().start("resume");
            Thread.sleep(random.nextInt(1500));
            resume.destroyForcibly().waitFor();
        }
        if (!Files.exists(dir.resolve(".scatter/runs/1/spec.json"))) {
            assertThat(markers()).as("killed while planning: nothing ran").isEmpty();
            return;
        }
        var last = scatter().run("resume");
        assertThat(last.exitCode()).as(last.toString()).isZero();
        Map<Integer, Integer> counts = markers();
        assertThat(counts).hasSize(n);
        assertThat(counts.values()).as("no entry ran twice to completion").containsOnly(1);
        assertThat(status().get("counts").get("SUCCEEDED").asInt()).isEqualTo(n);
        assertThat(scatter().run("gather").exitCode()).isZero();
    }

    @Test
    void cancelStopsOnlyTheNamedEntriesAndRetryRunsThem() throws Exception {
        Process run = scatter().start("run", "--range", "1..20", "--",
                "if [ {} = 3 ] && [ ! -e fixed ]; then touch started3; sleep 60; fi; echo {}");
        awaitFile(dir.resolve("started3"));
        var cancel = scatter().run("cancel", "1", "--entries", "3");
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(cancel.stdout()).contains("cancelled 1 entry");
        assertThat(run.waitFor()).as("the run ends once entry 3 is gone").isEqualTo(1);
        JsonNode s = status();
        assertThat(s.get("counts").get("SUCCEEDED").asInt()).isEqualTo(19);
        assertThat(s.get("failed")).hasSize(1);
        assertThat(s.get("failed").get(0).get("entry").asInt()).isEqualTo(3);
        assertThat(s.get("failed").get(0).get("state").asText()).isEqualTo("CANCELLED");
        assertThat(noProcessLeft("sleep 60")).isTrue();

        Files.writeString(dir.resolve("fixed"), "");
        var retry = scatter().run("retry");
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(retry.stderr()).contains("retrying 1 entries");
        assertThat(scatter().run("gather").stdout().lines()).hasSize(20).contains("3");
    }

    @Test
    void cancellingAWholeRunLeavesNothingRunning() throws Exception {
        Process run = scatter().start("run", "--range", "1..50", "--", "touch started; sleep 60");
        awaitFile(dir.resolve("started"));
        var cancel = scatter().run("cancel");
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(run.waitFor()).isEqualTo(1);
        assertThat(status().get("counts").get("CANCELLED").asInt()).isEqualTo(50);
        assertThat(noProcessLeft("sleep 60")).isTrue();
    }

    private static boolean noProcessLeft(String commandLine) {
        try (var all = ProcessHandle.allProcesses()) {
            return all.noneMatch(p -> p.info().commandLine().orElse("").contains(commandLine));
        }
    }

    @Test
    void retryWithEscalateDoublesTheMemoryOfOutOfMemoryEntries() throws IOException {
        String hog = "python3 -c 'import time; b = bytearray({} * 1024 * 1024); time.sleep(1)'";
        var run = scatter().run("run", "--range", "60..61", "--mem", "100M", "--", "if [ {} = 61 ]; then " + hog.replace("{}", "150") + "; fi");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        JsonNode failed = status().get("failed").get(0);
        assertThat(failed.get("entry").asInt()).isEqualTo(2);
        assertThat(failed.get("state").asText()).isEqualTo("OUT_OF_MEMORY");

        var retry = scatter().run("retry", "--escalate");
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(retry.stderr()).contains("--mem 200M");
        JsonNode attempt2 = JSON.readTree(dir.resolve(".scatter/runs/1/attempts/2/attempt.json").toFile());
        assertThat(attempt2.get("resources").get("mem_mb").asInt()).isEqualTo(200);
        assertThat(attempt2.get("entries").asText()).isEqualTo("2");
        assertThat(status().get("all_succeeded").asBoolean()).isTrue();

        var nothing = scatter().run("retry");
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.stdout()).contains("nothing to retry");
    }

    @Test
    void aTimedOutEntryIsRetriedWithTwiceTheTime() throws IOException {
        var run = scatter().run("run", "--range", "1..2", "-t", "2s", "--", "if [ {} = 2 ] && [ ! -e second ]; then touch second; sleep 30; fi");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(status().get("failed").get(0).get("state").asText()).isEqualTo("TIMEOUT");
        var retry = scatter().run("retry", "--escalate");
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        assertThat(retry.stderr()).contains("-t 00:00:04");
    }

    @Test
    void runRetriesFailuresByItself() throws IOException {
        // entry 2 fails the first time only
        var run = scatter().run("run", "--range", "1..3", "--retries", "2", "--",
                "if [ {} = 2 ] && [ ! -e once ]; then touch once; exit 9; fi; echo {}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(status().get("attempts").asInt()).isEqualTo(2);
        assertThat(scatter().run("gather").stdout()).isEqualTo("1\n2\n3\n");
    }

    @Test
    void watchFollowsARunToItsEndAndStatusWorksMeanwhile() throws Exception {
        Process run = scatter().start("run", "--range", "1..30", "--", "sleep 0.1; exit $(({} == 7))");
        awaitFile(dir.resolve(".scatter/runs/1/spec.json"));
        CompletableFuture<ScatterCli.Result> watch = CompletableFuture.supplyAsync(() -> scatter().run("watch", "1"));
        for (int i = 0; i < 5; i++) {
            var status = scatter().run("status", "1", "--json");
            assertThat(status.exitCode()).as(status.toString()).isIn(0, 1);
            assertThat(JSON.readTree(status.stdout()).get("entries").asInt()).isEqualTo(30);
        }
        ScatterCli.Result watched = watch.get();
        run.waitFor();
        assertThat(watched.exitCode()).as(watched.toString()).isEqualTo(1);
        assertThat(watched.stdout()).contains("30/30 succeeded 29  failed 1").contains("1 of 30 entries did not succeed");
    }

    @Test
    void twoRetriesAtOnceRunEachFailedEntryOnce() throws Exception {
        var run = scatter().run("run", "--range", "1..40", "--", "echo {} >> markers; [ -e fixed ] || exit $(({} % 4 == 0))");
        assertThat(run.exitCode()).isEqualTo(1);
        Files.writeString(dir.resolve("fixed"), "");
        Files.delete(dir.resolve("markers"));
        CompletableFuture<ScatterCli.Result> a = CompletableFuture.supplyAsync(() -> scatter().run("retry"));
        CompletableFuture<ScatterCli.Result> b = CompletableFuture.supplyAsync(() -> scatter().run("retry"));
        List<ScatterCli.Result> both = List.of(a.get(), b.get());
        for (ScatterCli.Result r : both) {
            // the loser is refused while the winner plans or executes (exit 3, nothing written), or
            // finds nothing left to retry (exit 0)
            assertThat(r.exitCode()).as(r.toString()).isIn(0, 3);
            if (r.exitCode() == 3) {
                assertThat(r.stderr()).containsAnyOf("is busy", "is executing on this machine");
            }
        }
        assertThat(markers()).hasSize(10).allSatisfy((entry, count) -> assertThat(count).isEqualTo(1));
        assertThat(status().get("all_succeeded").asBoolean()).isTrue();
    }

    @Test
    void cancelDuringARetryStopsTheRetriedEntries() throws Exception {
        var run = scatter().run("run", "--range", "1..6", "--", "[ -e second ] || exit 1; touch started-{}; sleep 60");
        assertThat(run.exitCode()).isEqualTo(1);
        Files.writeString(dir.resolve("second"), "");
        CompletableFuture<ScatterCli.Result> retry = CompletableFuture.supplyAsync(() -> scatter().run("retry"));
        awaitFile(dir.resolve("started-1"));
        var cancel = scatter().run("cancel");
        assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
        assertThat(retry.get().exitCode()).isEqualTo(1);
        JsonNode s = status();
        assertThat(s.get("attempts").asInt()).isEqualTo(2);
        assertThat(s.get("counts").get("CANCELLED").asInt()).isEqualTo(6);
        assertThat(noProcessLeft("sleep 60")).isTrue();
    }

    @Test
    void aDetachedRunOutlivesItsClient() throws IOException {
        var run = scatter().run("run", "--range", "1..10", "--detach", "--", "sleep 0.2; echo {}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("running in the background");
        var watched = scatter().run("watch");
        assertThat(watched.exitCode()).as(watched.toString()).isZero();
        assertThat(scatter().run("gather").stdout().lines()).hasSize(10);
    }
}
