package dev.scatter.it.cli;

import static dev.scatter.it.cli.Target.Capability.FOLLOWS_A_SCHEDULER;
import static dev.scatter.it.cli.Target.Capability.MEASURES_MEMORY;
import static dev.scatter.it.cli.Target.Capability.PBS_OUTPUT_FILES;
import static dev.scatter.it.cli.Target.Capability.SCHEDULER_OUTLIVES_THE_CLIENT;
import static dev.scatter.it.cli.Target.Capability.TMPDIR_PER_TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a user does with scatter, written once and run on every backend ({@link Target}): this
 * machine, simulated SLURM, OpenPBS and Torque clusters inside the CLI, and a real SLURM in a
 * container (skipped without Docker and its image, failed instead where {@code CI} or
 * {@code SCATTER_REQUIRE_DOCKER=1} is set). Each scenario runs {@code scatter run … --wait}, so
 * every target returns at the end of the run, and awaits {@code status} after a {@code retry},
 * which returns once submitted on a real cluster. What only some backends do is checked where the
 * target has the {@link Target.Capability}.
 *
 * <p>Select targets with {@code -Dscatter.e2e.targets=local,slurm-sim,pbs-sim,torque-sim,slurm-real}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BackendsEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tempDir;

    static Stream<Target> targets() {
        return Target.selected();
    }

    private Workspace open(Target target, TestInfo test) {
        return target.open(test.getTestMethod().orElseThrow().getName(), tempDir);
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("targets")
    void status_resources_shows_the_measured_peak_memory_and_advice_where_the_backend_measures_it(Target target, TestInfo test) {
        Workspace ws = open(target, test);
        var run = ws.runToTheEnd("--range", "1..2", "--mem", "1G", "--",
                "python3 -c \"x = b'x' * (150 * 1024 * 1024); import time; time.sleep(2)\" {}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        // on a real cluster sacct may list the tasks as ended a moment after their records (trap 3)
        java.util.concurrent.atomic.AtomicReference<JsonNode> last = new java.util.concurrent.atomic.AtomicReference<>();
        org.awaitility.Awaitility.await("status --resources to measure").atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofSeconds(1)).until(() -> {
                    last.set(JSON.readTree(ws.scatter("status", "--json", "--resources").stdout()).path("resources"));
                    return !target.has(MEASURES_MEMORY) || last.get().has("max_task_peak_bytes");
                });
        JsonNode r = last.get();
        assertThat(r.path("entries_measured").asInt()).as(r.toPrettyString()).isEqualTo(2);
        if (target.has(MEASURES_MEMORY)) {
            assertThat(r.path("max_task_peak_bytes").asLong()).as(r.toPrettyString()).isBetween(120L << 20, 200L << 20);
            assertThat(r.path("advice").get(0).asText()).startsWith("asked 1.0 GB, used at most 1").contains("next time --mem ");
        } else {
            assertThat(r.has("max_task_peak_bytes")).as(r.toPrettyString()).isFalse();
            assertThat(r.path("note").asText()).contains("not measured");
        }
        assertThat(ws.scatter("status", "--resources").stdout()).contains("to ask next time    -t ");
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("targets")
    void the_report_gives_each_task_its_cpu_efficiency_a_busy_one_high_a_sleeping_one_low(Target target, TestInfo test)
            throws IOException {
        Workspace ws = open(target, test);
        // entry 1 spins for 2 s of wall time, entry 2 sleeps 2 s: the wrapper's own CPU time of each
        // entry (bash's time) where no scheduler measured it, sacct's or PBS's where one did
        var run = ws.runToTheEnd("--range", "1..2", "--",
                "[ {} = 1 ] && timeout 2 sh -c 'while :; do :; done'; [ {} = 2 ] && sleep 2; true");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        java.util.concurrent.atomic.AtomicReference<JsonNode> timeline = new java.util.concurrent.atomic.AtomicReference<>();
        org.awaitility.Awaitility.await("both tasks' CPU time").atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofSeconds(1)).until(() -> {
                    timeline.set(JSON.readTree(ws.scatter("report", "--json").stdout()).at("/report/timeline"));
                    return timeline.get().path("cpu_efficiency").size() == 2
                            && !timeline.get().path("cpu_efficiency").get(0).isNull() && !timeline.get().path("cpu_efficiency").get(1).isNull();
                });
        JsonNode t = timeline.get();
        java.util.Map<Integer, Double> byTask = new java.util.HashMap<>();
        for (int i = 0; i < 2; i++) {
            byTask.put(t.get("task").get(i).asInt(), t.get("cpu_efficiency").get(i).asDouble());
        }
        // on a loaded 2-core machine the spinning entry gets well under one core; it still stands apart
        assertThat(byTask.get(0)).as(t.toPrettyString()).isGreaterThan(0.3);
        assertThat(byTask.get(1)).as(t.toPrettyString()).isLessThan(0.15);
        JsonNode r = JSON.readTree(ws.scatter("status", "--json", "--resources").stdout()).path("resources");
        assertThat(r.path("cpu_efficiency").asDouble()).as(r.toPrettyString()).isBetween(0.1, 0.7);
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("targets")
    void a_failing_entry_is_reported_and_after_the_fix_a_retry_completes_the_run_in_input_order(Target target, TestInfo test)
            throws IOException {
        Workspace ws = open(target, test);
        var run = ws.runToTheEnd("--range", "1..12", "-c", "2", "--",
                "[ {} != 7 ] || [ -e fixed ] || { echo 'not fixed' >&2; exit 5; }; echo \"out {} $OMP_NUM_THREADS\"");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        if (target.has(FOLLOWS_A_SCHEDULER)) {
            assertThat(run.stdout()).as(run.toString()).contains("1 of 12 entries did not succeed");
        } else {
            assertThat(run.stdout()).as(run.toString()).contains("11 succeeded").contains("1 failed");
        }

        JsonNode s = ws.status();
        assertThat(s.path("backend").asText()).isEqualTo(target.recordedBackend);
        assertThat(s.path("finished").asBoolean()).isTrue();
        assertThat(s.path("counts").path("SUCCEEDED").asInt()).isEqualTo(11);
        assertThat(s.path("failed")).hasSize(1);
        JsonNode failed = s.path("failed").get(0);
        assertThat(failed.path("entry").asInt()).isEqualTo(7);
        assertThat(failed.path("state").asText()).isEqualTo("FAILED");
        assertThat(failed.path("exit_code").asInt()).isEqualTo(5);
        assertThat(failed.path("stderr_tail").asText()).isEqualTo("not fixed");
        assertThat(ws.scatter("logs", "--entries", "7", "--stderr").stdout()).isEqualTo("not fixed\n");
        if (target.has(PBS_OUTPUT_FILES)) {
            // PBS ran the wrapper in $HOME and kept its own output per array task; the wrapper ran the entries here
            assertThat(fileNames(ws.dir.resolve(".scatter/runs/1/attempts/1/pbs"))).as("PBS's own output per task")
                    .hasSize(12).allMatch(n -> n.matches("\\d+\\[\\d+\\]\\.pbshost\\.OU"));
        }

        Files.writeString(ws.dir.resolve("fixed"), "");
        var retry = ws.scatter("retry");
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        ws.awaitAllSucceeded("the retried entry to succeed");
        // -c 2 reached every entry as the thread guard's OMP_NUM_THREADS
        assertThat(ws.gather()).isEqualTo(IntStream.rangeClosed(1, 12).mapToObj(i -> "out " + i + " 2\n")
                .collect(Collectors.joining()));
        if (target.has(PBS_OUTPUT_FILES)) {
            // PBS stages a job's output file after the job exits: after the entry's own end record
            await("PBS to stage the retried job's output").atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(IOException.class)
                    .untilAsserted(() -> assertThat(fileNames(ws.dir.resolve(".scatter/runs/1/attempts/2/pbs")))
                            .as("the one retried task ran as a plain job, not an array").singleElement()
                            .matches(n -> n.matches("\\d+\\.pbshost\\.OU")));
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("targets")
    void the_then_step_waits_while_an_entry_failed_and_runs_after_a_successful_retry(Target target, TestInfo test)
            throws IOException {
        Workspace ws = open(target, test);
        // a grid of 6 points, 2 per task; point 4 (k=2, scale=2) fails until fixed
        var run = ws.runToTheEnd("--before", "mkdir -p out && echo 5 > out/base",
                "--then", "echo $(( $(cat out/result-* | paste -sd+) )) > total",
                "--param", "k=1..3", "--param", "scale=1,2", "--chunk", "2", "--",
                "[ {#} != 4 ] || [ -e fixed ] || exit 3; echo \"$TMPDIR\" > out/tmp-{#};"
                        + " echo $(( $(cat out/base) + {k} * {scale} )) > out/result-{#}");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        JsonNode s = ws.status();
        assertThat(s.path("steps").path("before").path("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(s.path("counts").path("FAILED").asInt()).isEqualTo(1);
        JsonNode then = s.path("steps").path("then");
        assertThat(then.has("exit_code")).as("the then step did not run").isFalse();
        if (target.has(SCHEDULER_OUTLIVES_THE_CLIENT)) {
            // SLURM soon says the then job can never start (DependencyNeverSatisfied), which status calls LOST
            then = ws.awaitStatus("the then job to be known never to start",
                    x -> x.path("steps").path("then").path("state").asText().equals("LOST")).path("steps").path("then");
        } else {
            assertThat(then.path("state").asText()).isIn("PENDING", "QUEUED");
        }
        assertThat(then.path("reason").asText()).contains("held back: 1 entries did not succeed");
        assertThat(ws.scatter("status").stdout()).contains("then step: held back");
        assertThat(ws.dir.resolve("total")).doesNotExist();

        Files.writeString(ws.dir.resolve("fixed"), "");
        var retry = ws.scatter("retry");
        assertThat(retry.exitCode()).as(retry.toString()).isZero();
        s = ws.awaitAllSucceeded("the then step to run after the retry");
        assertThat(s.path("steps").path("then").path("state").asText()).isEqualTo("SUCCEEDED");
        // base 5 for each of 6 points, plus (1+2+3) * (1+2)
        assertThat(Files.readString(ws.dir.resolve("total")).strip()).isEqualTo(Integer.toString(6 * 5 + 6 * 3));
        if (target.has(TMPDIR_PER_TASK)) {
            // points 2 and 6 ran in the first attempt's tasks 0 and 2, point 4 in the retry's one task
            assertThat(Stream.of(2, 4, 6).map(i -> read(ws.dir.resolve("out/tmp-" + i))).distinct())
                    .as("every task had its own TMPDIR").hasSize(3);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("targets")
    void parallel_tasks_writing_the_same_temp_file_name_do_not_collide(Target target, TestInfo test) {
        Workspace ws = open(target, test);
        var run = ws.runToTheEnd("--range", "1..4", "--",
                "echo {} > \"$TMPDIR/same-name\"; sleep 2; echo \"$(cat \"$TMPDIR/same-name\") $TMPDIR\"");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = ws.gather().lines().toList();
        assertThat(lines.stream().map(l -> l.split(" ")[0])).as("each entry read back its own file")
                .containsExactly("1", "2", "3", "4");
        Map<Integer, String> tmpdirs = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            tmpdirs.put(i + 1, lines.get(i).split(" ")[1]);
        }
        // two entries that ran at the same time never shared a TMPDIR
        List<int[]> overlapping = overlappingPairs(ws.status());
        assertThat(overlapping).as("this test needs tasks that ran at the same time").isNotEmpty();
        for (int[] pair : overlapping) {
            assertThat(tmpdirs.get(pair[0])).as("TMPDIR of entries %d and %d", pair[0], pair[1])
                    .isNotEqualTo(tmpdirs.get(pair[1]));
        }
        if (target.has(TMPDIR_PER_TASK)) {
            assertThat(tmpdirs.values().stream().distinct()).as("every task had its own TMPDIR").hasSize(4);
        }
    }

    @ParameterizedTest(name = "on {0}")
    @MethodSource("targets")
    void task_time_packs_six_hundred_short_entries_into_a_handful_of_tasks(Target target, TestInfo test) {
        Workspace ws = open(target, test);
        var run = ws.runToTheEnd("--range", "1..600", "--task-time", "5s", "--", ": {}; sleep 0.02");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode s = ws.status();
        assertThat(s.path("all_succeeded").asBoolean()).isTrue();
        assertThat(s.path("task_sizing").asText()).contains("per task");
        // 580 × ~30 ms of work after the first wave is a few 5 s tasks; 40 leaves room for a slow machine
        assertThat(s.path("tasks").asInt()).as("20 in the first wave, then a handful").isBetween(21, 40);
    }

    /**
     * Many entries in chunks come back in input order, byte for byte. (Arrays cut at the scheduler's
     * maximum are the contract's: BackendContract runs 2,500 one-entry tasks on every cluster target,
     * and RealSlurmCliTest's dry run shows the split; one-entry tasks here would cost minutes per target.)
     */
    @ParameterizedTest(name = "on {0}")
    @MethodSource("targets")
    void twenty_five_hundred_entries_in_chunks_gather_in_input_order(Target target, TestInfo test) throws IOException {
        Workspace ws = open(target, test);
        var run = ws.runToTheEnd("--range", "1..2500", "--chunk", "25", "--", "echo {}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(ws.status().path("tasks").asInt()).isEqualTo(100);
        assertThat(ws.gather()).isEqualTo(IntStream.rangeClosed(1, 2500).mapToObj(i -> i + "\n").collect(Collectors.joining()));
    }

    /** Pairs of entries whose runs overlapped in time, by {@code status --json --all}. */
    private static List<int[]> overlappingPairs(JsonNode status) {
        List<JsonNode> entries = new ArrayList<>();
        status.path("entry_states").forEach(entries::add);
        List<int[]> pairs = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                JsonNode a = entries.get(i);
                JsonNode b = entries.get(j);
                if (a.path("start").asDouble() < b.path("end").asDouble() && b.path("start").asDouble() < a.path("end").asDouble()) {
                    pairs.add(new int[] {a.path("entry").asInt(), b.path("entry").asInt()});
                }
            }
        }
        return pairs;
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
