package dev.scatter.pbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.ledger.MeasuredUsage;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.model.TaskMeasurement;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import dev.scatter.core.testkit.RecordingRunner;
import dev.scatter.core.testkit.TestRuns;
import dev.scatter.sim.Scheduler;
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

/** status --resources on a simulated OpenPBS: measured from job history when it is on, said to be unmeasured when off. */
class SimulatedPbsUsageTest {

    @TempDir
    Path dir;

    private Simulator sim;
    private RecordingRunner runner;
    private GridBackend backend;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private RunDir finishedRun(boolean history) {
        sim = Simulator.start(SimulatedPbsContract.fixtureLike(Scheduler.OPENPBS, dir).clockSpeedup(1).pbsHistory(history).build());
        runner = new RecordingRunner(new SimulatedCommandRunner(sim));
        backend = PbsBackend.pbsPro(runner, SimulatedGrid.TUNING);
        RunDir run = TestRuns.range(dir.resolve("work"), backend, "1..2", 1, Resources.defaults(),
                "python3 -c \"x = b'x' * (120*1024*1024); import time; time.sleep(2)\"");
        backend.start(run, run.latestAttempt(), Backend.Progress.NONE);
        RunStatus done = await("both tasks to end").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> StatusReader.read(run, backend.live(run)), RunStatus::finished);
        assertThat(done.allSucceeded()).isTrue();
        return run;
    }

    @Test
    void withHistoryEndedSubjobsAreMeasuredFromResourcesUsedOnce() {
        RunDir run = finishedRun(true);
        long before = runner.count("qstat");
        assertThat(backend.measure(run)).isEmpty();
        assertThat(runner.count("qstat")).as("one qstat for both subjobs").isEqualTo(before + 1);
        Map<Integer, TaskMeasurement> measured = MeasuredUsage.read(run.latestAttempt());
        assertThat(measured).containsOnlyKeys(0, 1);
        for (TaskMeasurement m : measured.values()) {
            assertThat(m.source()).isEqualTo("qstat");
            assertThat(m.peakBytes().getAsLong()).isGreaterThan(100L << 20);
            assertThat(m.elapsedSeconds()).isPresent();
            assertThat(m.cpus()).isEqualTo(1);
        }
        backend.measure(run);
        assertThat(runner.count("qstat")).as("not asked again").isEqualTo(before + 1);
    }

    @Test
    void withoutHistoryNothingIsAskedAndStatusSaysWhy() {
        RunDir run = finishedRun(false);
        long before = runner.count("qstat");
        Optional<String> note = backend.measure(run);
        assertThat(note).hasValueSatisfying(n -> assertThat(n).startsWith("peak memory not measured: ").contains("job history"));
        assertThat(runner.count("qstat")).isEqualTo(before);
        assertThat(MeasuredUsage.read(run.latestAttempt())).isEmpty();
    }
}
