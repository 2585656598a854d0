package dev.scatter.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.scatter.core.BackendException;
import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.grid.Submissions;
import dev.scatter.core.ledger.ResultFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.status.StatusReader;
import dev.scatter.core.testkit.RecordingRunner;
import dev.scatter.core.testkit.TestRuns;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.SimulatedCommandRunner;
import dev.scatter.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.scatter.sim.testing.SimulatedGrid;

/** How status behaves when SLURM forgets, lags, refuses or can never run a task (simulated cluster). */
class SimulatedSlurmEdgeCasesTest {

    @TempDir
    Path dir;

    private Simulator sim;
    private RecordingRunner runner;
    private GridBackend backend;

    private void cluster(Consumer<SimConfig.Builder> tweak) {
        SimConfig.Builder b = SimConfig.builder(Scheduler.SLURM).user("slurmxuser").uid(1000).coresPerNode(8).memoryMbPerNode(8000)
                .clockSpeedup(30).minJobAge(Duration.ofSeconds(30)).spoolDir(dir.resolve("spool"));
        tweak.accept(b);
        sim = Simulator.start(b.build());
        runner = new RecordingRunner(new SimulatedCommandRunner(sim));
        backend = SlurmBackend.create(runner, SimulatedGrid.TUNING);
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private RunDir run(Resources r, String... command) {
        RunDir run = TestRuns.range(dir.resolve("work"), backend, "1..1", 1, r, command);
        backend.start(run, run.latestAttempt(), Backend.Progress.NONE);
        return run;
    }

    private RunStatus status(RunDir run) {
        return StatusReader.read(run, backend.live(run));
    }

    /** Waits, without asking scatter's status, until squeue has purged every job (MinJobAge). */
    private void awaitPurged(RunDir run) {
        String id = Submissions.read(run.latestAttempt()).arrays().get(0).id().orElseThrow();
        await("squeue to forget job " + id).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            CommandResult r = runner.run(Command.of(dir, "squeue", "-h", "-t", "all", "-j", id, "-o", "%i"));
            return r.stdout().isBlank();
        });
    }

    @Test
    void aWrapperKilledBeforeItsRecordsIsLostWithSlurmsWordsAndTheVerdictIsKept() {
        cluster(b -> { });
        RunDir run = run(Resources.defaults(), "kill -9 $$");
        RunStatus s = await("the task to end").atMost(Duration.ofSeconds(30)).until(() -> status(run), st -> st.finished());
        assertThat(s.entry(1).state()).isEqualTo(EntryState.LOST);
        assertThat(s.entry(1).detail()).contains("ended before recording a result").contains("FAILED");
        assertThat(ResultFile.read(run.latestAttempt().results(0)).taskKill()).as("kept as a K record").isPresent();
        long calls = runner.size();
        status(run);
        assertThat(runner.size()).as("a finished run asks the scheduler nothing").isEqualTo(calls);
    }

    @Test
    void anEntryKilledBySigkillInATaskSlurmKilledForMemoryIsOutOfMemoryWithItsExitCode() throws Exception {
        cluster(b -> { });
        backend = SlurmBackend.create(runner, SimulatedGrid.TUNING.withGraces(Duration.ofSeconds(30), Duration.ofSeconds(30)));
        RunDir run = TestRuns.range(dir.resolve("work"), backend, "1..2", 2,
                Resources.defaults().withMemory(dev.scatter.core.model.MemorySize.parse("100M", "--mem")),
                "[ {} = 1 ] && exit 137; echo after");
        backend.start(run, run.latestAttempt(), Backend.Progress.NONE);
        RunStatus killed = await("the task to end").atMost(Duration.ofSeconds(30)).until(() -> status(run), RunStatus::finished);
        assertThat(killed.entry(1).state()).as("no word from SLURM yet").isEqualTo(EntryState.FAILED);
        // what slurmstepd writes when it kills a step for memory (task_output_memkill)
        String id = Submissions.read(run.latestAttempt()).arrays().get(0).id().orElseThrow();
        Files.writeString(backend.scheduler().schedulerLog(run.latestAttempt(), id, 0),
                "slurmstepd-c1: error: StepId=42.batch exceeded memory limit (325783552 > 104857600), being killed\n");
        RunStatus s = status(run);
        assertThat(s.entry(1).state()).isEqualTo(EntryState.OUT_OF_MEMORY);
        assertThat(s.entry(1).exitCode()).hasValue(137);
        assertThat(s.entry(1).detail()).startsWith("memory limit 100M exceeded: slurmstepd-c1: error: StepId=42.batch exceeded")
                .endsWith("(exit 137 (killed by signal KILL))");
        assertThat(s.entry(2).state()).as("the next entry of the task ran").isEqualTo(EntryState.SUCCEEDED);
    }

    @Test
    void withoutAccountingATaskThatLeftTheQueueUnrecordedIsLostForWantOfAccounting() {
        cluster(b -> b.accounting(false));
        RunDir run = run(Resources.defaults(), "kill -9 $$");
        awaitPurged(run);
        RunStatus s = status(run);
        assertThat(s.entry(1).state()).isEqualTo(EntryState.LOST);
        assertThat(s.entry(1).detail()).contains("no accounting");
        assertThat(runner.count("sacct")).as("scontrol show config said accounting is off").isZero();
    }

    @Test
    void aTaskGoneFromTheQueueButNotYetInAccountingWaitsForTheGracePeriod() {
        cluster(b -> { });
        sim.faults().accountingLag(Duration.ofHours(1));   // sacct shows nothing for an hour (trap 3)
        RunDir run = run(Resources.defaults(), "kill -9 $$");
        awaitPurged(run);
        RunStatus early = status(run);
        assertThat(early.entry(1).state()).isIn(EntryState.QUEUED, EntryState.RUNNING);
        assertThat(early.entry(1).detail()).contains("waiting for accounting");
        RunStatus late = await("the grace period to pass").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> status(run), RunStatus::finished);
        assertThat(late.entry(1).state()).isEqualTo(EntryState.LOST);
        assertThat(late.entry(1).detail()).contains("vanished");
    }

    @Test
    void aRequestNoNodeCanMeetIsReportedAsNeverStartingInSlurmsWords() {
        cluster(b -> { });
        Resources big = new Resources(64, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
        RunDir run = run(big, "true");
        RunStatus s = await("the scheduler to give its reason").atMost(Duration.ofSeconds(30)).until(() -> status(run),
                st -> st.entry(1).state() == EntryState.LOST);
        assertThat(s.entry(1).detail()).startsWith("will never start: asks for more than the partition's nodes have")
                .endsWith("(PartitionConfig)");
        assertThat(s.note()).contains("will never start as asked");
        assertThat(ResultFile.read(run.latestAttempt().results(0)).taskKill()).as("not final in SLURM: not kept").isEmpty();
    }

    @Test
    void aRejectedSubmissionSaysWhatToChangeAndStatusSaysWhy() {
        cluster(b -> { });
        Resources nosuch = new Resources(1, Optional.empty(), Optional.empty(), 0, Optional.of("nosuch"), Optional.empty(),
                Optional.empty(), List.of());
        RunDir created = TestRuns.range(dir.resolve("work"), backend, "1..2", 1, nosuch, "true");
        assertThatThrownBy(() -> backend.start(created, created.latestAttempt(), Backend.Progress.NONE))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("- command     : sbatch --parsable")
                .hasMessageContaining("- exit status : 1")
                .hasMessageContaining("invalid partition specified: nosuch")
                .hasMessageContaining("what to change: check -p/--partition");
        RunStatus s = status(created);
        assertThat(s.entry(1).state()).isEqualTo(EntryState.PENDING);
        assertThat(s.entry(1).detail()).startsWith("its submission was rejected");
    }

    @Test
    void theDryRunDescriptionShowsTheArraysTheClustersMaxArraySizeGives() {
        cluster(b -> b.maxArraySize(100));
        RunDir run = TestRuns.range(dir.resolve("work"), backend, "1..250", 1, Resources.defaults(), "true");
        List<String> lines = backend.describeLaunch(run.spec(), run.latestAttempt().spec(), run.latestAttempt());
        assertThat(lines.get(0)).isEqualTo("slurm: 250 task(s) in 3 array(s) of at most 100 (MaxArraySize; scontrol show config,"
                + " SLURM 22.05.8), one submit command each, returning once submitted");
        assertThat(lines.get(3)).contains("--array=0-49 --export=ALL,SCATTER_INDEX_OFFSET=200 ");
    }

    @Test
    void theConfigurationIsAskedOncePerRunAndKeptInTheRunDirectory() {
        cluster(b -> { });
        RunDir run = run(Resources.defaults(), ": {}; sleep 2");
        status(run);
        status(run);
        assertThat(runner.count("scontrol")).isEqualTo(1);
        assertThat(Files.isRegularFile(run.root().resolve(GridBackend.LIMITS_FILE))).isTrue();
    }

    @Test
    void onARealClustersPaceTheFirstPollsComeWithinSecondsThenBackOffToTheFloorAndBeyond() {
        cluster(b -> { });
        backend = SlurmBackend.create(runner, dev.scatter.core.grid.GridTuning.cluster());
        RunDir run = run(Resources.defaults(), ": {}; sleep 60");
        List<Duration> intervals = new java.util.ArrayList<>();
        for (int poll = 0; poll < 12; poll++) {
            backend.live(run);
            intervals.add(backend.pollInterval());
        }
        // 2 s, 3 s, 4.5 s, … (unless a squeue took over 100 ms: then 20 times that)
        assertThat(intervals.get(0)).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(intervals).isSorted();
        assertThat(intervals.get(7)).as("the floor after seven polls").isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(intervals.get(11)).as("beyond the floor while nothing changes").isGreaterThan(Duration.ofSeconds(30))
                .isLessThanOrEqualTo(Duration.ofMinutes(5));
        assertThat(runner.count("squeue")).as("one squeue per poll").isEqualTo(12);
    }

    @Test
    void thePollIntervalKeepsItsFloorAndGrowsWhileNothingChanges() {
        cluster(b -> { });
        RunDir run = run(Resources.defaults(), ": {}; sleep 30");
        await("the task to run").atMost(Duration.ofSeconds(20)).until(() -> status(run).entry(1).state() == EntryState.RUNNING);
        Duration first = backend.pollInterval();
        status(run);
        status(run);
        status(run);
        Duration later = backend.pollInterval();
        assertThat(first).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(later).isGreaterThan(first).isLessThanOrEqualTo(backend.tuning().pollCeiling());
    }
}
