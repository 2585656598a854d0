package dev.scatter.pbs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.scatter.core.BackendException;
import dev.scatter.core.gather.Gatherer;
import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.grid.Submissions;
import dev.scatter.core.io.Json;
import dev.scatter.core.ledger.ResultFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.model.TimeLimit;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import dev.scatter.core.testkit.RecordingRunner;
import dev.scatter.core.testkit.TestRuns;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.SimulatedCommandRunner;
import dev.scatter.sim.Simulator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.scatter.sim.testing.SimulatedGrid;

/** The PBS traps the contract does not stage, one simulated cluster each. */
class SimulatedPbsEdgeCasesTest {

    @TempDir
    Path dir;

    private Simulator sim;
    private RecordingRunner runner;
    private GridBackend backend;

    private void cluster(Scheduler flavour, Consumer<SimConfig.Builder> tweak) {
        SimConfig.Builder b = SimulatedPbsContract.fixtureLike(flavour, dir);
        tweak.accept(b);
        sim = Simulator.start(b.build());
        runner = new RecordingRunner(new SimulatedCommandRunner(sim));
        Function<RecordingRunner, GridBackend> of = flavour == Scheduler.TORQUE
                ? r -> PbsBackend.torque(r, SimulatedGrid.TUNING)
                : r -> PbsBackend.pbsPro(r, SimulatedGrid.TUNING);
        backend = of.apply(runner);
    }

    private void pbs(boolean history) {
        cluster(Scheduler.OPENPBS, b -> b.pbsHistory(history));
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private RunDir run(String range, Resources r, String... command) {
        RunDir run = TestRuns.range(dir.resolve("work"), backend, range, 1, r, command);
        backend.start(run, run.latestAttempt(), Backend.Progress.NONE);
        return run;
    }

    private RunStatus status(RunDir run) {
        return StatusReader.read(run, backend.live(run));
    }

    private RunStatus awaitEnd(RunDir run) {
        return await("the run to end").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> status(run), RunStatus::finished);
    }

    private static String gather(RunDir run, RunStatus s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Gatherer.gather(run, s, out, false);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aOneEntryRunIsAPlainJobBecauseAOneElementArrayIsIllegal() {
        pbs(false);
        RunDir run = run("1..1", Resources.defaults(), "echo one {}");
        List<String> qsub = runner.calls("qsub").get(0);
        assertThat(qsub).doesNotContain("-J").contains("SCATTER_TASK_INDEX=0,SCATTER_INDEX_OFFSET=0,SCATTER_JOB_NAME="
                + Submissions.read(run.latestAttempt()).arrays().get(0).name());
        assertThat(Submissions.read(run.latestAttempt()).arrays().get(0).id()).hasValueSatisfying(id -> assertThat(id).matches("\\d+\\.pbshost"));
        RunStatus s = awaitEnd(run);
        assertThat(s.allSucceeded()).isTrue();
        assertThat(gather(run, s)).isEqualTo("one 1\n");
    }

    @Test
    void entriesRunInTheRunsDirectoryThoughPbsStartsJobsInHomeWithItsOwnThreadCount() throws Exception {
        pbs(true);
        Resources two = new Resources(2, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of());
        RunDir run = run("1..2", two, ": {}; echo \"$(pwd -P) $OMP_NUM_THREADS $NCPUS ${PBS_ARRAY_INDEX:-none}\"");
        RunStatus s = awaitEnd(run);
        String workdir = dir.resolve("work").toRealPath().toString();
        assertThat(workdir).isNotEqualTo(dir.resolve("home").toString());
        // PBS sets OMP_NUM_THREADS and NCPUS to the chunk's ncpus (trap PBS 4): the wrapper's guard keeps them
        assertThat(gather(run, s)).isEqualTo(workdir + " 2 2 0\n" + workdir + " 2 2 1\n");
    }

    @Test
    void withoutHistoryAWalltimeKillInAnArrayIsReadFromPbssOwnOutputFile() {
        pbs(false);
        RunDir run = run("1..2", Resources.defaults().withTime(TimeLimit.parse("1", "-t")), ": {}; sleep 600");
        RunStatus s = awaitEnd(run);
        for (int e : List.of(1, 2)) {
            assertThat(s.entry(e).state()).as(s.entry(e).detail()).isEqualTo(EntryState.TIMEOUT);
            assertThat(s.entry(e).detail()).startsWith("time limit 00:01:00 exceeded: =>> PBS: job killed: walltime");
        }
        String id = Submissions.read(run.latestAttempt()).arrays().get(0).id().orElseThrow();
        assertThat(backend.scheduler().schedulerLog(run.latestAttempt(), id, 1)).exists();
    }

    @Test
    void withoutHistoryATaskThatDiedWithoutRecordsIsLostAndSaysPbsKeptNothing() {
        pbs(false);
        RunDir run = run("1..1", Resources.defaults(), "kill -9 $$");
        RunStatus s = awaitEnd(run);
        assertThat(s.entry(1).state()).isEqualTo(EntryState.LOST);
        assertThat(s.entry(1).detail()).startsWith("its task left the queue without a result, and PBS keeps no finished jobs")
                .contains("job_history_enable=True");
        assertThat(ResultFile.read(run.latestAttempt().results(0)).taskKill()).as("kept as a K record").isPresent();
        assertThat(runner.calls("qstat")).as("history is off: never qstat -x").noneMatch(a -> a.contains("-x"));
    }

    @Test
    void withHistoryAKilledWrapperIsLostWithItsExitStatus() {
        pbs(true);
        RunDir run = run("1..1", Resources.defaults(), "kill -9 $$");
        RunStatus s = awaitEnd(run);
        assertThat(s.entry(1).state()).isEqualTo(EntryState.LOST);
        assertThat(s.entry(1).detail()).startsWith("its task ended before recording a result for it: its job shell died of signal 9"
                + " (Exit_status 137)");
        assertThat(runner.calls("qstat")).as("asked history for the task that left the queue")
                .anyMatch(a -> a.containsAll(List.of("-x", "-t")));
    }

    @Test
    void aJobThatCanNeverRunIsShownInPbssWordsNotQueuedForever() {
        pbs(true);
        Resources big = new Resources(64, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
        RunDir run = run("1..1", big, "true");
        RunStatus s = await("PBS to give its reason").atMost(Duration.ofSeconds(30)).until(() -> status(run),
                st -> st.entry(1).state() == EntryState.LOST);
        assertThat(s.entry(1).detail()).isEqualTo("will never start: Can Never Run: Insufficient amount of resource: ncpus"
                + " (R: 64 A: 8 T: 8)");
        assertThat(s.note()).contains("will never start as asked");
    }

    @Test
    void rootIsToldToSubmitAsANormalUser() {
        cluster(Scheduler.OPENPBS, b -> b.user("root").uid(0));
        RunDir created = TestRuns.range(dir.resolve("work"), backend, "1..2", 1, Resources.defaults(), "true");
        assertThatThrownBy(() -> backend.start(created, created.latestAttempt(), Backend.Progress.NONE))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("- exit status : 175")
                .hasMessageContaining("qsub: Bad UID for job execution")
                .hasMessageContaining("what to change: run scatter as a normal user");
    }

    @Test
    void jobHistoryIsAskedOncePerRunAndKeptInSchedulerJson() {
        pbs(true);
        RunDir run = run("1..3", Resources.defaults(), ": {}; sleep 1");
        awaitEnd(run);
        assertThat(runner.calls("qstat")).filteredOn(a -> a.contains("-Bf")).hasSize(1);
        var limits = Json.read(run.root().resolve(GridBackend.LIMITS_FILE));
        assertThat(limits.path("scheduler").asText()).isEqualTo("pbs-pro");
        assertThat(limits.path("accounting").asBoolean()).as("job_history_enable").isTrue();
        assertThat(limits.path("max_array_size").asInt()).isEqualTo(10000);
    }

    @Test
    void cancellingARunWhoseJobsEndedIsNotAnError() {
        pbs(false);
        RunDir run = run("1..2", Resources.defaults(), "echo {}");
        awaitEnd(run);
        backend.cancel(run, run.latestAttempt(), Set.of(0, 1));   // qdel: "Unknown Job Id", exit 153
        assertThat(runner.calls("qdel")).hasSize(1);
        assertThat(status(run).allSucceeded()).isTrue();
    }

    @Test
    void anArrayAboveAnUnseenMaxArraySizeIsHalvedUntilItFitsAndGathersInOrder() {
        // Torque's qstat -B -f does not show max_job_array_size here: scatter plans with 1000
        cluster(Scheduler.TORQUE, b -> b.maxArraySize(20));
        RunDir run = run("1..50", Resources.defaults(), "echo {}");
        List<Submissions.Array> arrays = Submissions.read(run.latestAttempt()).with(Submissions.Status.SUBMITTED);
        assertThat(arrays).allMatch(a -> a.size() <= 20);
        assertThat(arrays.stream().mapToInt(Submissions.Array::size).sum()).isEqualTo(50);
        RunStatus s = awaitEnd(run);
        assertThat(s.allSucceeded()).isTrue();
        assertThat(gather(run, s)).isEqualTo(IntStream.rangeClosed(1, 50).mapToObj(i -> i + "\n").collect(Collectors.joining()));
    }

    @Test
    void torqueTellsTasksTheirIndexThroughPbsArrayidAndReadsTheWalltimeCode() throws Exception {
        cluster(Scheduler.TORQUE, b -> b.minJobAge(Duration.ofMinutes(10)));
        RunDir run = run("1..3", Resources.defaults().withTime(TimeLimit.parse("1", "-t")),
                "[ {} = 3 ] && sleep 600; echo \"{} ${PBS_ARRAYID:-none} $(pwd -P)\"");
        RunStatus s = awaitEnd(run);
        String workdir = dir.resolve("work").toRealPath().toString();
        assertThat(gather(run, s)).isEqualTo("1 0 " + workdir + "\n2 1 " + workdir + "\n");
        assertThat(s.entry(3).state()).isEqualTo(EntryState.TIMEOUT);
        assertThat(Files.readString(run.root().resolve(GridBackend.LIMITS_FILE))).contains("\"scheduler\" : \"torque\"");
    }
}
