package dev.scatter.it.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A cluster run keeps pace with its work, at a real cluster's poll pace (no {@code
 * SCATTER_POLL_FLOOR}: 30 s once settled in), on a simulated SLURM and OpenPBS on PATH as a user
 * starts them: progress comes from the ledger, the scheduler is asked seldom, and {@code --task-time}
 * needs nobody watching. The status command ({@code squeue} or {@code qstat}) is counted by a shim
 * put before the simulator on PATH.
 */
class ClusterPaceEndToEndTest {

    private static final Pattern COUNTS = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d (\\d+)/(\\d+) .*", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private Path state;
    private Path calls;
    private Map<String, String> env;

    /** Starts a 2-core simulated cluster of {@code dialect}, with the status command counted. */
    private ScatterCli cluster(String dialect) throws IOException {
        state = dir.resolve("sim-state");
        var start = new ScatterCli(dir).run("sim", "start", "--dialect", dialect, "--cores", "2", "--state-dir", state.toString());
        assertThat(start.exitCode()).as(start.toString()).isZero();
        Path bin = Path.of(start.stdout().strip());
        Path shims = Files.createDirectories(dir.resolve("counting"));
        calls = dir.resolve("status-calls.log");
        String status = dialect.equals("slurm") ? "squeue" : "qstat";
        Path shim = shims.resolve(status);
        Files.writeString(shim, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nexec '" + bin.resolve(status) + "' \"$@\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        env = Map.of("PATH", shims + ":" + bin + ":" + System.getenv("PATH"));
        Path work = Files.createDirectories(dir.resolve("work"));
        return new ScatterCli(work, env);
    }

    @AfterEach
    void stopTheCluster() {
        if (state != null) {
            new ScatterCli(dir).run("sim", "stop", "--state-dir", state.toString());
        }
    }

    private long statusCalls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "pbs"})
    void waitShowsTheCountsMoveAndAsksTheSchedulerSeldom(String dialect) throws IOException {
        ScatterCli scatter = cluster(dialect);
        // 12 entries of 1 s on 2 cores: about 6 s of work
        var run = scatter.run("run", "--wait", "--range", "1..12", "-c", "1", "--", "bash", "-c", "sleep 1", "x", "{}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("all 12 entries succeeded");
        Matcher m = COUNTS.matcher(run.stdout());
        long between = 0;
        while (m.find()) {
            int done = Integer.parseInt(m.group(1));
            if (done > 0 && done < 12) {
                between++;
            }
        }
        // before, the first poll came after 30 s and said everything at once
        assertThat(between).as("lines with some but not all entries done: " + run.stdout()).isGreaterThanOrEqualTo(3);
        // polls after submitting: at once, then 2 s, 3 s, 4.5 s… apart, while the ledger shows the rest
        assertThat(statusCalls()).as("status calls").isBetween(1L, 8L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm", "pbs"})
    void taskTimeFinishesWithNobodyWatchingAndTheSizedTasksHaveATimeLimit(String dialect) throws IOException {
        ScatterCli scatter = cluster(dialect);
        var run = scatter.run("run", "--range", "1..120", "--task-time", "2s", "-c", "1", "--", "bash", "-c", "sleep 0.1", "x", "{}");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.stdout()).contains("submitted");
        // nobody watches: status only reads the run (it never plans or submits anything)
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await("every entry to succeed with no client running").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    last.set(scatter.statusJson());
                    return last.get().path("counts").path("SUCCEEDED").asInt() == 120;
                });
        assertThat(last.get().path("task_sizing").asText()).contains("per task").contains("time limit of 00:05:00");
        Path runDir = dir.resolve("work/.scatter/runs/1");
        assertThat(Files.readString(runDir.resolve("attempts/2/attempt.json"))).contains("\"size\"");
        String sized = Files.readString(runDir.resolve("attempts/3/task.sh"));
        assertThat(sized).contains(dialect.equals("slurm") ? "#SBATCH --time=00:05:00" : "walltime=00:05:00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"slurm"})
    void tasksPackedUnderTheTimeLimitDoNotTimeOut(String dialect) throws IOException {
        ScatterCli scatter = cluster(dialect);
        // a target far above -t: before, a task got target ÷ median entries and ran past -t (17 of 60 timed out)
        var run = scatter.run("run", "--wait", "--range", "1..60", "--task-time", "1m", "-t", "10s", "-c", "1", "--",
                "bash", "-c", "sleep 0.5", "x", "{}");
        JsonNode status = scatter.statusJson();
        assertThat(status.path("counts").path("TIMEOUT").asInt()).as(run.toString()).isZero();
        assertThat(status.path("counts").path("SUCCEEDED").asInt()).as(run.toString()).isEqualTo(60);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode sizing = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("work/.scatter/runs/1/sizing.json").toFile());
        assertThat(sizing.path("chunk").asInt() * sizing.path("entry_seconds_p90").asDouble())
                .as("a sized task's expected time stays under 80 % of -t").isLessThanOrEqualTo(8.0);
        assertThat(sizing.path("time_limit").asText()).isEqualTo("00:00:10");
    }

    /**
     * The sizing job and a watcher both want to plan the rest; while another process holds the run
     * (here the test, as the sizing job's resume would), the watcher waits for it instead of giving
     * up as if nothing ran the entries, and plans the rest itself once the lock is free.
     */
    @ParameterizedTest
    @ValueSource(strings = {"slurm"})
    void aWatcherWaitsWhileAnotherProcessDrivesTheRunAndThenPlansTheRest(String dialect) throws Exception {
        ScatterCli scatter = cluster(dialect);
        Path runDir = dir.resolve("work/.scatter/runs/1");
        Process follow = scatter.start("run", "--wait", "--range", "1..60", "--task-time", "2s", "-c", "1", "--",
                "bash", "-c", "sleep 0.3", "x", "{}");
        FileChannel channel = null;
        try {
            AtomicReference<FileLock> held = new AtomicReference<>();
            await("the first wave submitted and the executor lock free").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> {
                        if (!Files.exists(runDir.resolve("attempts/1/submissions.jsonl"))) {
                            return false;
                        }
                        FileChannel c = FileChannel.open(runDir.resolve("executor.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock lock = c.tryLock();
                        if (lock == null) {
                            c.close();
                            return false;
                        }
                        held.set(lock);
                        return true;
                    });
            channel = held.get().channel();
            // the sizing job ran after the first wave and was refused: the run was busy
            await("the sizing job's end record").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.exists(runDir.resolve("attempts/2/tasks/0.res"))
                            && Files.readString(runDir.resolve("attempts/2/tasks/0.res")).contains("E 0 "));
            await("the watcher to keep waiting while the run is held").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7))
                    .until(follow::isAlive);
        } finally {
            if (channel != null) {
                channel.close();   // releases the lock
            }
        }
        assertThat(follow.waitFor(90, TimeUnit.SECONDS)).as("the watcher ends").isTrue();
        JsonNode status = scatter.statusJson();
        assertThat(follow.exitValue()).as("run --wait's exit; the run: %s", status).isZero();
        assertThat(status.path("counts").path("SUCCEEDED").asInt()).as("%s", status).isEqualTo(60);
        assertThat(status.path("task_sizing").asText()).contains("per task");
    }
}
