package dev.scatter.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.ledger.MeasuredUsage;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.model.TaskMeasurement;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.ResourceAdvice;
import dev.scatter.core.status.ResourceUsage;
import dev.scatter.core.status.StatusReader;
import dev.scatter.core.testkit.RecordingRunner;
import dev.scatter.core.testkit.TestRuns;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.SimulatedCommandRunner;
import dev.scatter.sim.Simulator;
import dev.scatter.sim.testing.SimulatedGrid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status --resources on a simulated SLURM: one sacct call for the ended tasks, recorded, never asked again. */
class SimulatedSlurmUsageTest {

    @TempDir
    Path dir;

    private Simulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void endedTasksAreMeasuredOnceWithOneSacctCallAndGetAdvice() {
        sim = Simulator.start(SimConfig.builder(Scheduler.SLURM).user("slurmxuser").uid(1000).coresPerNode(8).memoryMbPerNode(8000)
                .clockSpeedup(1).minJobAge(Duration.ofSeconds(30)).spoolDir(dir.resolve("spool")).build());
        RecordingRunner runner = new RecordingRunner(new SimulatedCommandRunner(sim));
        GridBackend backend = SlurmBackend.create(runner, SimulatedGrid.TUNING);
        RunDir run = TestRuns.range(dir.resolve("work"), backend, "1..2", 1,
                Resources.defaults().withMemory(MemorySize.parse("2G", "--mem")),
                "python3 -c \"x = b'x' * (150*1024*1024); import time; time.sleep(2)\"");
        backend.start(run, run.latestAttempt(), Backend.Progress.NONE);
        RunStatus done = await("both tasks to end").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> StatusReader.read(run, backend.live(run)), RunStatus::finished);
        assertThat(done.allSucceeded()).isTrue();

        long before = runner.count("sacct");
        Optional<String> trouble = backend.measure(run);
        assertThat(trouble).isEmpty();
        assertThat(runner.count("sacct")).as("one sacct call for both tasks").isEqualTo(before + 1);
        Map<Integer, TaskMeasurement> measured = MeasuredUsage.read(run.latestAttempt());
        assertThat(measured).containsOnlyKeys(0, 1);
        for (TaskMeasurement m : measured.values()) {
            assertThat(m.source()).isEqualTo("sacct");
            assertThat(m.state()).isEqualTo("COMPLETED");
            assertThat(m.peakBytes().getAsLong()).as("the simulator samples the task's RSS").isGreaterThan(100L << 20);
            assertThat(m.elapsedSeconds().getAsDouble()).isGreaterThanOrEqualTo(1.0);
            assertThat(m.cpus()).isEqualTo(1);
        }

        backend.measure(run);
        assertThat(runner.count("sacct")).as("measured tasks are not asked about again").isEqualTo(before + 1);

        ResourceUsage usage = ResourceUsage.of(run, done);
        assertThat(usage.maxPeak()).isPresent();
        assertThat(usage.cpuEfficiency()).isPresent();
        assertThat(new ResourceAdvice(usage).memory().orElseThrow()).startsWith("asked 2.0 GB, used at most 1")
                .contains(" %): next time --mem ");
    }
}
