package dev.scatter.it.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.scatter.it.cli.ScatterCli;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The packaged CLI against the real SLURM container, as a user on a login node runs it: the shims
 * first on PATH (so {@code --backend auto} finds sbatch), the working directory inside the
 * directory shared with the cluster. {@code scatter run} submits and returns; {@code status} polls.
 */
@RealSlurm
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RealSlurmCliTest {

    private static RealSlurmLoginNode node;

    @BeforeAll
    static void startTheCluster() {
        node = RealSlurmLoginNode.shared();
    }

    private static ScatterCli scatter(Path dir) {
        return node.scatter(dir);
    }

    private static Path directory(TestInfo test) {
        return node.createJobDirectory("cli-" + test.getTestMethod().orElseThrow().getName());
    }

    private static JsonNode statusJson(ScatterCli cli) {
        return cli.statusJson();
    }

    /** Polls {@code scatter status --json --all} until {@code done} holds; returns that answer. */
    private static JsonNode awaitStatus(String what, ScatterCli cli, Duration atMost, Predicate<JsonNode> done) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            await(what).atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> {
                last.set(statusJson(cli));
                return done.test(last.get());
            });
        } catch (ConditionTimeoutException e) {
            // what status said last is what tells a timing problem from a wrong answer
            throw new AssertionError(e.getMessage() + "; the last status: " + last.get(), e);
        }
        return last.get();
    }

    @Test
    void a_dry_run_shows_the_sbatch_header_and_the_arrays_the_clusters_MaxArraySize_gives(TestInfo test) {
        ScatterCli cli = scatter(directory(test));
        ScatterCli.Result r = cli.run("run", "--backend", "slurm", "--dry-run", "--range", "1..2500", "--mem", "100M", "-t", "1",
                "-c", "2", "--max-running", "10", "--", "echo", "{}");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .contains("slurm: 2500 task(s) in 3 array(s) of at most 1001 (MaxArraySize; scontrol show config, SLURM 22.05.8)")
                .contains("--array=0-1000%10 --export=ALL,SCATTER_INDEX_OFFSET=0 ")
                .contains("--array=0-497%10 --export=ALL,SCATTER_INDEX_OFFSET=2002 ")
                .contains("#!/bin/bash\n#SBATCH --job-name=sc-NEXT-1\n")
                .contains("#SBATCH --cpus-per-task=2\n#SBATCH --mem=100M\n#SBATCH --time=00:01:00\n");
        assertThat(directory(test).resolve(".scatter/runs")).doesNotExist();
    }

    @Test
    void auto_picks_slurm_run_submits_and_returns_and_status_and_gather_follow_the_cluster(TestInfo test) {
        Path dir = directory(test);
        ScatterCli cli = scatter(dir);
        long started = System.nanoTime();
        ScatterCli.Result run = cli.run("run", "--range", "1..20", "--chunk", "3", "--",
                "echo {}; [ {} != 7 ] || { echo 'seven fails' >&2; exit 5; }");
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertThat(run.stderr()).as(run.toString()).contains("run 1: 20 entries in 7 tasks on slurm");
        assertThat(seconds).as("submits and returns; does not wait for the tasks").isLessThan(30);
        assertThat(dir.resolve(".scatter/runs/1/attempts/1/submissions.jsonl")).exists();

        JsonNode end = awaitStatus("the run to end", cli, Duration.ofSeconds(90), s -> s.path("finished").asBoolean());
        assertThat(end.path("counts").path("SUCCEEDED").asInt()).isEqualTo(19);
        assertThat(end.path("counts").path("FAILED").asInt()).isEqualTo(1);
        JsonNode seven = end.path("failed").get(0);
        assertThat(seven.path("entry").asInt()).isEqualTo(7);
        assertThat(seven.path("exit_code").asInt()).isEqualTo(5);
        assertThat(seven.path("stderr_tail").asText()).contains("seven fails");
        assertThat(seven.path("host").asText()).isEqualTo("c1");

        ScatterCli.Result gather = cli.run("gather");
        assertThat(gather.stdout()).isEqualTo(IntStream.rangeClosed(1, 20).filter(i -> i != 7).mapToObj(i -> i + "\n")
                .collect(Collectors.joining()));
    }

    @Test
    void task_time_sizes_and_submits_the_rest_on_the_cluster_with_nobody_watching(TestInfo test) throws Exception {
        Path dir = directory(test);
        ScatterCli cli = scatter(dir);
        ScatterCli.Result run = cli.run("run", "--backend", "slurm", "--range", "1..60", "--task-time", "3s", "--",
                "bash", "-c", "sleep 0.2", "x", "{}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("submitted");
        // nobody follows the run: status only reads (it never plans or submits), so the sizing job must do it
        JsonNode end = awaitStatus("all 60 entries to succeed", cli, Duration.ofMinutes(3),
                s -> s.path("counts").path("SUCCEEDED").asInt() == 60);
        assertThat(end.path("task_sizing").asText()).as(end.toPrettyString()).contains("per task").contains("time limit");
        Path runDir = dir.resolve(".scatter/runs/1");
        assertThat(runDir.resolve("sizing.json")).exists();
        String sized = java.nio.file.Files.readString(runDir.resolve("attempts/3/task.sh"));
        assertThat(sized).as("the sized tasks carry a time limit").contains("#SBATCH --time=00:05:00");
        assertThat(java.nio.file.Files.readString(runDir.resolve("attempts/2/attempt.json"))).contains("\"size\"");
        assertThat(java.nio.file.Files.readString(runDir.resolve("attempts/2/tasks/0.res"))).as("the sizing job's record")
                .contains("E 0 0 ");
    }

    @Test
    void wait_ends_within_seconds_of_the_last_task_at_a_real_clusters_poll_pace(TestInfo test) throws Exception {
        Path dir = directory(test);
        ScatterCli cli = node.scatterAtClusterPace(dir);
        ScatterCli.Result run = cli.run("run", "--backend", "slurm", "--wait", "--range", "1..6", "--", "sleep", "{}");
        double returned = System.currentTimeMillis() / 1000.0;
        assertThat(run.exitCode()).as(run.toString()).isZero();
        double lastEnd = 0;
        for (JsonNode e : statusJson(cli).path("entry_states")) {
            lastEnd = Math.max(lastEnd, e.path("end").asDouble());
        }
        // the poll floor is 30 s here: progress and the end come from the ledger, read every second
        assertThat(returned - lastEnd).as(run.toString()).isLessThan(10);
        assertThat(run.stdout().lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d [1-5]/6 .*")).count())
                .as("the counts moved while the run went on: " + run.stdout()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void status_says_why_tasks_wait_and_when_a_task_was_killed_for_memory(TestInfo test) {
        ScatterCli cli = scatter(directory(test));
        // entry 1 is killed within a second (OverMemoryKill samples every second); entry 2 runs 20 s,
        // so entry 3 is held back long enough to be seen by status on a loaded machine too
        ScatterCli.Result run = cli.run("run", "--backend", "slurm", "--range", "1..3", "--max-running", "1", "--mem", "100M", "--",
                "if [ {} = 1 ]; then python3 -c \"import time; x = b'x' * (300 * 1024 * 1024); time.sleep(60)\"; "
                        + "elif [ {} = 2 ]; then sleep 20; else sleep 1; fi");
        assertThat(run.stderr()).as(run.toString()).contains("on slurm");
        JsonNode waiting = awaitStatus("a task held back by --max-running", cli, Duration.ofSeconds(60), s -> reasons(s).stream()
                .anyMatch(r -> r.contains("held back by --max-running")));
        assertThat(waiting.path("finished").asBoolean()).isFalse();

        JsonNode end = awaitStatus("the run to end", cli, Duration.ofSeconds(90), s -> s.path("finished").asBoolean());
        assertThat(end.path("counts").path("OUT_OF_MEMORY").asInt()).as(end.toPrettyString()).isEqualTo(1);
        assertThat(end.path("failed").get(0).path("reason").asText())
                .startsWith("memory limit 100M exceeded").contains("exceeded memory limit");
        assertThat(end.path("counts").path("SUCCEEDED").asInt()).isEqualTo(2);
    }

    @Test
    void status_resources_shows_the_peak_memory_sacct_measured_and_seff_style_advice(TestInfo test) throws Exception {
        Path dir = directory(test);
        ScatterCli cli = scatter(dir);
        ScatterCli.Result run = cli.run("run", "--backend", "slurm", "--range", "1..1", "--mem", "1G", "--",
                "python3 -c \"x = b'x' * (200 * 1024 * 1024); import time; time.sleep(3)\" {}");
        assertThat(run.stderr()).as(run.toString()).contains("on slurm");
        JsonNode end = awaitStatus("the run to end", cli, Duration.ofSeconds(90), s -> s.path("finished").asBoolean());
        assertThat(end.path("all_succeeded").asBoolean()).as(end.toPrettyString()).isTrue();

        // sacct lists the task as ended a moment after its records (trap 3): status asks until it does
        AtomicReference<JsonNode> resources = new AtomicReference<>();
        await("sacct to measure the task").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            ScatterCli.Result r = cli.run("status", "--json", "--all", "--resources");
            resources.set(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.stdout()).path("resources"));
            return resources.get().has("max_task_peak_bytes");
        });
        JsonNode u = resources.get();
        long allocated = 200L << 20;
        assertThat(u.path("max_task_peak_bytes").asLong()).as(u.toPrettyString())
                .isBetween((long) (allocated * 0.8), (long) (allocated * 1.2));
        assertThat(u.path("tasks_measured").asInt()).isEqualTo(1);
        JsonNode task = u.path("tasks").get(0);
        assertThat(task.path("source").asText()).isEqualTo("sacct");
        assertThat(task.path("state").asText()).isEqualTo("COMPLETED");
        assertThat(task.path("nodes").asText()).isEqualTo("c1");
        assertThat(task.path("elapsed_seconds").asDouble()).isGreaterThanOrEqualTo(3);
        assertThat(task.has("cpu_seconds")).isTrue();
        assertThat(u.has("cpu_efficiency")).isTrue();
        assertThat(u.path("suggested_mem").asText()).isEqualTo("400M");   // 1.5 × ~210 MB, rounded up to 100 MB
        assertThat(java.nio.file.Files.readString(dir.resolve(".scatter/runs/1/attempts/1/measured.jsonl")))
                .as("recorded in the ledger, so later calls do not ask again").contains("\"source\":\"sacct\"");

        // the report's timeline: the task on its node, with sacct's submit time (queue wait), peak and CPU efficiency
        JsonNode timeline = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli.run("report", "--json").stdout())
                .at("/report/timeline");
        assertThat(timeline.path("tasks").asInt()).as(timeline.toPrettyString()).isEqualTo(1);
        assertThat(timeline.path("lanes").get(0).asText()).isEqualTo("c1");
        assertThat(timeline.path("submit").get(0).asDouble()).isLessThanOrEqualTo(timeline.path("start").get(0).asDouble());
        assertThat(timeline.path("peak_mb").get(0).asDouble()).isBetween(160.0, 240.0);
        assertThat(timeline.path("cpu_efficiency").get(0).isNumber()).isTrue();

        ScatterCli.Result text = cli.run("status", "--resources");
        assertThat(text.stdout()).as(text.toString())
                .containsPattern("memory +asked 1\\.0 GB, used at most 2\\d\\d MB \\(2\\d %\\): next time --mem 400M")
                .containsPattern("cpu +CPU efficiency \\d+ % \\(CPU time ÷ \\(elapsed × 1 cpu\\)\\)")
                .contains("to ask next time    -t ");
    }

    @Test
    void the_client_killed_while_it_follows_the_run_loses_nothing_and_resume_finishes_it(TestInfo test) throws Exception {
        Path dir = directory(test);
        ScatterCli cli = scatter(dir);
        Process follow = cli.start("run", "--backend", "slurm", "--wait", "--range", "1..40", "--chunk", "2", "--",
                "sleep 0.5; echo {} >> markers");
        await("the run to be submitted").atMost(Duration.ofSeconds(60))
                .until(() -> java.nio.file.Files.exists(dir.resolve(".scatter/runs/1/attempts/1/submissions.jsonl")));
        Thread.sleep(1500);
        follow.destroyForcibly().waitFor();
        ScatterCli.Result resume = cli.run("resume", "--wait");
        assertThat(resume.exitCode()).as(resume.toString()).isZero();
        List<String> markers = java.nio.file.Files.readAllLines(dir.resolve("markers"));
        assertThat(markers).hasSize(40).doesNotHaveDuplicates();
        assertThat(statusJson(cli).path("all_succeeded").asBoolean()).isTrue();
    }

    @Test
    void doctor_on_the_login_node_names_slurm_its_version_and_limits_and_its_probe_comes_back_from_the_node(TestInfo test) {
        Path dir = directory(test);
        ScatterCli.Result r = scatter(dir).run("doctor", "--probe", "--probe-timeout", "2m");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .containsPattern("OK   backend     auto picks slurm: sbatch is on PATH at \\S+/sbatch\n")
                .contains("OK   version     SLURM 22.05.8 (sbatch --version)\n")
                .contains("OK   arrays      MaxArraySize 1001: a run of more tasks is cut into several arrays"
                        + " (scontrol show config, SLURM 22.05.8)\n")
                .contains("OK   accounting  on (AccountingStorageType): sacct tells")
                .contains("OK   job age     MinJobAge " + SlurmContainer.SHARED_MIN_JOB_AGE.toSeconds() + " s")
                .contains("OK   probe       a one-entry run on slurm came back in ")
                .contains(" from c1: the nodes that run tasks share ");
        assertThat(dir.resolve(".scatter")).as("the probe's ledger is removed").doesNotExist();
    }

    private static List<String> reasons(JsonNode status) {
        List<String> out = new ArrayList<>();
        status.path("entry_states").forEach(e -> out.add(e.path("reason").asText()));
        return out;
    }
}
