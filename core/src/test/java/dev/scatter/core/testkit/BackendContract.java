package dev.scatter.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.scatter.core.BackendException;
import dev.scatter.core.gather.Gatherer;
import dev.scatter.core.grid.ArraySubmission;
import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.grid.Submissions;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.model.TimeLimit;
import dev.scatter.core.plan.RunRequest;
import dev.scatter.core.remote.RemoteBackend;
import dev.scatter.core.run.Outcome;
import dev.scatter.core.run.RunListener;
import dev.scatter.core.run.Runs;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.BackendCatalog;
import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.core.spi.LiveView;
import dev.scatter.core.status.StatusReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every backend must do, whatever runs the tasks: this machine, the simulator's SLURM,
 * OpenPBS and Torque in-process, or a real SLURM in a container. A subclass says how to make its
 * backend ({@link #backend()}), where jobs can write ({@link #jobDirectory}), and, for a cluster,
 * what it can stage ({@link #grid()}); a scenario a target cannot stage is skipped by an
 * assumption, never copied.
 *
 * <p>Runs are created as {@code scatter run} creates them and driven through core's {@link Runs},
 * as the CLI drives them: on this machine its executor runs on in a thread (as in another
 * terminal) while the test looks at the run; a cluster gets the run submitted and returns. The
 * slowest scenarios (a real time limit, the large run) start first and are checked last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class BackendContract {

    // ---------------------------------------------------------------- what a target says

    /** A fresh backend on the target, tuned for tests (short poll floor and backoff). */
    protected abstract Backend backend();

    /** Where {@link #jobDirectory} makes directories, unless a target has its own. */
    @TempDir
    static Path jobsRoot;

    /** A new directory inside which the target's jobs can read and write (a container may need a shared one). */
    protected Path jobDirectory(String name) {
        try {
            return Files.createDirectories(jobsRoot.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a cluster target can do beyond the SPI; empty for this machine. */
    protected Optional<Grid> grid() {
        return Optional.empty();
    }

    /** Makes a new run's directories writable for the target's job user (a container may run jobs as another uid). */
    protected void prepareForJobs(RunDir run) {
    }

    /**
     * A run request as this target needs it: as given, or with the cluster its tasks run on over
     * SSH ({@code --remote}) and a directory there of its own for run directory {@code dir}.
     */
    protected RunRequest onTarget(RunRequest request, Path dir) {
        return request;
    }

    /** The bytes of {@code name} in the run's working directory, where its jobs write it (over SSH for a remote target). */
    protected String jobFile(RunDir run, String name) {
        try {
            Path file = run.spec().workdir().resolve(name);
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How long a small run may take from its start to its end. */
    protected Duration patience() {
        return Duration.ofSeconds(60);
    }

    /** How long a run of {@code tasks} one-line tasks may take. */
    protected Duration patienceFor(int tasks) {
        return patience().plusMillis(tasks * 200L);
    }

    /** Scheduler options that let the large run's tasks yield to every other test's (SLURM {@code --nice}). */
    protected List<String> lowPriorityOptions() {
        return List.of();
    }

    /**
     * Whether this target runs the time-limit scenario (on a real SLURM it takes 82 s): a target
     * that reaches the same scheduler another target already checks this on may leave it out.
     */
    protected boolean runsTheTimeLimitScenario() {
        return true;
    }

    /** The time limit (-t) of the timeout scenario; simulated clusters may speed their clock up. */
    protected String timeoutLimit() {
        return "1";
    }

    /** How many one-line entries the large run has (the target's array size limit may split it). */
    protected int manyEntries() {
        return 2500;
    }

    /** A cluster target: the grid backend over any runner, and the misbehaviour it can stage. */
    public interface Grid {
        /** How the test reaches the cluster (local processes through shims, the simulator in-process). */
        CommandRunner runner();

        /** The backend under test on {@code runner} (e.g. a recording one). */
        GridBackend backend(CommandRunner runner);

        /**
         * The runner for the large run: one the other tests' tasks need not queue behind (the
         * simulator gives it a cluster of its own; a real SLURM has {@link #lowPriorityOptions}).
         */
        default CommandRunner runnerForTheLargeRun() {
            return runner();
        }

        /** A cluster that refuses more than {@code tasks} queued array tasks per user, while open. */
        default Optional<LimitedCluster> withSubmitLimit(int tasks) {
            return Optional.empty();
        }

        /** Staged transient failures, when the target can inject them. */
        default Optional<Faults> faults() {
            return Optional.empty();
        }

        /**
         * Whether a job that already ended can still be found by its name, so that a submission whose
         * id was never recorded is not submitted again. PBS without job history forgets a job the
         * moment it ends (as SLURM without accounting does after MinJobAge).
         */
        default boolean findsEndedJobsByName() {
            return true;
        }
    }

    public interface Faults {
        /** The next {@code n} submissions fail with the scheduler's transient error. */
        void failNextSubmissions(int n);

        /** The next {@code n} status queries fail transiently. */
        void failNextStatusQueries(int n);

        /** Every submission fails transiently until turned off. */
        void failAllSubmissions(boolean on);
    }

    /** A cluster with a submit limit, until closed. */
    public interface LimitedCluster extends AutoCloseable {
        CommandRunner runner();

        @Override
        void close();
    }

    // ---------------------------------------------------------------- helpers

    private RunDir timeoutRun;
    private Backend timeoutBackend;
    private RunDir bigRun;
    private Backend bigBackend;
    private RecordingRunner bigRecorder;
    private long bigSubmissions;

    /** A run of entries {@code range}, created as scatter run would and made writable for jobs. */
    protected RunDir newRun(Backend backend, String dir, String range, int chunk, Resources resources, String... command) {
        Path workdir = jobDirectory(dir);
        RunDir run = TestRuns.range(workdir, backend, range, chunk, resources, r -> onTarget(r, workdir), command);
        prepareForJobs(run);
        return run;
    }

    /** The runs of {@code run}'s directory, on {@code backend}, as the CLI opens them. */
    protected static Runs runs(Backend backend, RunDir run) {
        BackendCatalog catalog = new BackendCatalog() {
            @Override
            public Backend open(String name) {
                return backend;
            }

            @Override
            public Backend open(String name, CommandRunner runner) {
                return ((RemoteBackend) backend).cluster();
            }

            @Override
            public Backend simulated(String name) {
                return backend;
            }
        };
        // a run on a cluster over SSH: Runs opens the same cluster through the same connection
        return new Runs(run.root().getParent().getParent().getParent(), catalog, destination -> ((RemoteBackend) backend).shell());
    }

    /**
     * Starts the run as {@code scatter run} does once it has written it: on a cluster, returns once
     * submitted; on this machine, returns once its executor has taken the run (in a thread).
     */
    protected static void launch(Backend backend, RunDir run) {
        if (backend.mode() != Backend.Mode.EXECUTES) {
            try (Runs runs = runs(backend, run)) {
                runs.resume(run, false, false, RunListener.NONE);
            }
            return;
        }
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        Thread executor = new Thread(() -> {
            try (Runs runs = runs(backend, run)) {
                runs.resume(run, false, false, RunListener.NONE);
            } catch (RuntimeException e) {
                failed.set(e);
            }
        }, "contract-executor-" + run.spec().id());
        executor.setDaemon(true);
        executor.start();
        await("the executor of " + run.root() + " to take the run").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> failed.get() != null || Files.exists(run.executorFile()) || status(backend, run).finished());
        if (failed.get() != null) {
            throw failed.get();
        }
    }

    protected static RunStatus status(Backend backend, RunDir run) {
        backend.refresh(run);
        return StatusReader.read(run, backend.live(run));
    }

    /** Polls status until {@code done} holds, as {@code scatter watch} would; returns that status. */
    protected static RunStatus awaitStatus(String what, Backend backend, RunDir run, Duration atMost, Predicate<RunStatus> done) {
        return awaitStatus(what, backend, run, atMost, Duration.ofMillis(500), done);
    }

    protected static RunStatus awaitStatus(String what, Backend backend, RunDir run, Duration atMost, Duration every,
                                           Predicate<RunStatus> done) {
        AtomicReference<RunStatus> last = new AtomicReference<>();
        await(what).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(every)
                .failFast("an entry ended UNKNOWN", () -> last.get() != null && last.get().count(EntryState.UNKNOWN) > 0)
                .until(() -> {
                    last.set(status(backend, run));
                    return done.test(last.get());
                });
        return last.get();
    }

    protected static RunStatus awaitRunEnds(Backend backend, RunDir run, Duration atMost) {
        return awaitStatus("run " + run.root() + " to end", backend, run, atMost, RunStatus::finished);
    }

    protected static RunStatus awaitEntryState(Backend backend, RunDir run, int entry, EntryState state, Duration atMost) {
        return awaitStatus("entry " + entry + " to be " + state, backend, run, atMost, s -> s.entry(entry).state() == state);
    }

    protected static String gather(RunDir run, RunStatus status) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Gatherer.gather(run, status, out, false);
        return out.toString(StandardCharsets.UTF_8);
    }

    protected static Resources resources() {
        return Resources.defaults();
    }

    protected static Resources withMaxRunning(int n) {
        Resources d = Resources.defaults();
        return new Resources(d.cpus(), d.memory(), d.time(), d.gpus(), d.partition(), d.account(), Optional.of(n),
                d.schedulerOptions());
    }

    /** How many times each entry appended its number to {@code file}. */
    protected static Map<Integer, Integer> markers(String lines) {
        Map<Integer, Integer> counts = new TreeMap<>();
        lines.lines().filter(l -> !l.isBlank()).forEach(l -> counts.merge(Integer.parseInt(l.strip()), 1, Integer::sum));
        return counts;
    }

    /** The program that submits an array (sbatch, qsub), as the backend's own submit command names it. */
    protected static String submitProgram(GridBackend backend) {
        List<String> argv = backend.scheduler().submitCommand(new ArraySubmission(0, 0, 1, "sc-contract", Optional.empty(),
                Optional.empty(), List.of(), Path.of("task.sh"), Path.of(".")));
        String program = argv.get(0);
        return program.substring(program.lastIndexOf('/') + 1);
    }

    private static List<Submissions.Array> submitted(RunDir run) {
        return Submissions.read(run.latestAttempt()).with(Submissions.Status.SUBMITTED);
    }

    private Grid gridOnly(String why) {
        Assumptions.assumeTrue(grid().isPresent(), "a cluster scenario (" + why + "); this target runs tasks itself");
        return grid().orElseThrow();
    }

    // ---------------------------------------------------------------- the contract

    /**
     * The two slow scenarios start first and are checked near the end: a real time limit (about
     * 82 s on SLURM) and the large run (SLURM starts about 13 one-line tasks a second here), whose
     * tasks yield to the other tests' ({@link #lowPriorityOptions}, {@link Grid#runnerForTheLargeRun}).
     */
    @BeforeAll
    void startTheSlowScenariosFirst() {
        if (runsTheTimeLimitScenario()) {
            timeoutBackend = backend();
            timeoutRun = newRun(timeoutBackend, "timeout", "1..1", 1,
                    resources().withTime(TimeLimit.parse(timeoutLimit(), "-t")), ": {}; sleep 600");
            launch(timeoutBackend, timeoutRun);
        }

        Resources d = resources();
        Resources low = new Resources(d.cpus(), d.memory(), d.time(), d.gpus(), d.partition(), d.account(), d.maxRunning(),
                lowPriorityOptions());
        if (grid().isPresent()) {
            bigRecorder = new RecordingRunner(grid().get().runnerForTheLargeRun());
            bigBackend = grid().get().backend(bigRecorder);
        } else {
            bigBackend = backend();
        }
        bigRun = newRun(bigBackend, "many", "1.." + manyEntries(), 1, low, "echo {}");
        launch(bigBackend, bigRun);
        if (bigRecorder != null) {
            bigSubmissions = bigRecorder.count(submitProgram((GridBackend) bigBackend));
        }
    }

    @Test
    @Order(1)
    void aFailingEntryKeepsItsOwnExitCodeAndTheOthersSucceed() {
        Backend backend = backend();
        RunDir run = newRun(backend, "failing", "1..4", 2, resources(), "echo out {}; exit $(( {} == 3 ? 7 : 0 ))");
        launch(backend, run);
        RunStatus s = awaitRunEnds(backend, run, patience());
        assertThat(s.failures()).extracting(EntryStatus::entry).containsExactly(3);
        assertThat(s.entry(3).state()).isEqualTo(EntryState.FAILED);
        assertThat(s.entry(3).exitCode()).hasValue(7);
        assertThat(s.entry(4).state()).as("the entry after the failed one in its task still ran").isEqualTo(EntryState.SUCCEEDED);
        assertThat(gather(run, s)).isEqualTo("out 1\nout 2\nout 4\n");
    }

    @Test
    @Order(2)
    void maxRunningHoldsTasksBackAndStatusSaysSo() {
        RecordingRunner recorder = grid().map(g -> new RecordingRunner(g.runner())).orElse(null);
        Backend backend = recorder != null ? grid().get().backend(recorder) : backend();
        RunDir run = newRun(backend, "throttle", "1..6", 1, withMaxRunning(2), ": {}; sleep 3");
        launch(backend, run);
        if (recorder != null) {
            // --array=0-5%2 (SLURM), -J 0-5%2 (PBS), -t 0-5%2 (Torque)
            assertThat(recorder.calls(submitProgram((GridBackend) backend)).get(0)).anyMatch(w -> w.endsWith("0-5%2"));
        }
        RunStatus waiting = awaitStatus("tasks held back by --max-running", backend, run, patience(),
                s -> s.entries().stream().anyMatch(e -> e.state() == EntryState.QUEUED && e.detail().contains("--max-running")));
        assertThat(waiting.count(EntryState.RUNNING)).isLessThanOrEqualTo(2);
        RunStatus end = awaitRunEnds(backend, run, patience());
        assertThat(end.allSucceeded()).isTrue();
    }

    @Test
    @Order(3)
    void aTaskOverItsMemoryLimitEndsOutOfMemory() {
        Backend backend = backend();
        RunDir run = newRun(backend, "memory", "1..1", 1, resources().withMemory(MemorySize.parse("100M", "--mem")),
                "python3 -c \"import time; x = b'x' * (300 * 1024 * 1024); time.sleep(120)\"");
        launch(backend, run);
        // the wrapper may record exit 137 a moment before the scheduler's notice reaches the task's
        // log: the verdict follows on a later poll
        RunStatus s = awaitEntryState(backend, run, 1, EntryState.OUT_OF_MEMORY, patience());
        assertThat(s.entry(1).detail()).startsWith("memory limit 100M exceeded");
    }

    @Test
    @Order(4)
    void cancellingOneEntryCancelsItAloneWhetherItRunsOrWaits() {
        Backend backend = backend();
        RunDir run = newRun(backend, "cancel", "1..3", 1, withMaxRunning(1), "sleep $(( {} == 3 ? 0 : 120 ))");
        launch(backend, run);
        awaitEntryState(backend, run, 1, EntryState.RUNNING, patience());

        try (Runs runs = runs(backend, run)) {
            runs.cancel(run, Optional.of(Set.of(2)));   // waiting behind %1: leaves no trace in SLURM (trap 7)
            RunStatus afterPending = status(backend, run);
            assertThat(afterPending.entry(2).state()).isEqualTo(EntryState.CANCELLED);
            assertThat(afterPending.entry(1).state()).isEqualTo(EntryState.RUNNING);

            runs.cancel(run, Optional.of(Set.of(1)));   // running
        }
        RunStatus end = awaitRunEnds(backend, run, patience());
        assertThat(end.entry(1).state()).isEqualTo(EntryState.CANCELLED);
        assertThat(end.entry(2).state()).isEqualTo(EntryState.CANCELLED);
        assertThat(end.entry(3).state()).as("the task nobody cancelled ran").isEqualTo(EntryState.SUCCEEDED);
    }

    @Test
    @Order(5)
    void anIntentWithoutAnIdIsFoundByNameAndNeverSubmittedTwice() throws Exception {
        Grid grid = gridOnly("a submission whose id was never recorded");
        Assumptions.assumeTrue(grid.findsEndedJobsByName(), "this cluster forgets ended jobs: a lost id whose job ended cannot be found");
        RecordingRunner recorder = new RecordingRunner(grid.runner());
        GridBackend backend = grid.backend(recorder);
        RunDir run = newRun(backend, "intent", "1..3", 1, resources(), "echo {}");
        AttemptDir attempt = run.latestAttempt();
        // a client killed between sbatch and writing the id: the intent line, and a job under its name
        Submissions subs = Submissions.read(attempt);
        Submissions.Array intent = subs.appendIntent(0, 0, 2, "sc-" + run.spec().id() + "-1-0-" + run.spec().token().substring(0, 6));
        Files.createDirectories(backend.scheduler().schedulerLog(attempt, "0", 0).getParent());
        prepareForJobs(run);
        ArraySubmission array = new ArraySubmission(0, 0, 2, intent.name(), Optional.empty(), Optional.empty(), List.of(),
                attempt.script(), run.spec().workdir());
        CommandResult byHand = grid.runner().run(Command.of(run.spec().workdir(), backend.scheduler().submitCommand(array)),
                Duration.ofSeconds(30));
        assertThat(byHand.succeeded()).as(byHand.describeFailure("sbatch by hand")).isTrue();

        assertThat(status(backend, run).note()).contains("unconfirmed");
        String program = submitProgram(backend);
        long before = recorder.count(program);
        backend.start(run, attempt, Backend.Progress.NONE);
        assertThat(recorder.count(program)).as("start found the job by its name").isEqualTo(before);
        assertThat(submitted(run)).hasSize(1);
        assertThat(awaitRunEnds(backend, run, patience()).allSucceeded()).isTrue();

        backend.start(run, attempt, Backend.Progress.NONE);   // idempotent: nothing left to submit
        assertThat(recorder.count(program)).isEqualTo(before);
    }

    @Test
    @Order(6)
    void anIntentThatNeverReachedTheSchedulerIsSubmittedOnTheNextStart() {
        Grid grid = gridOnly("a submission that never reached the scheduler");
        RecordingRunner recorder = new RecordingRunner(grid.runner());
        GridBackend backend = grid.backend(recorder);
        RunDir run = newRun(backend, "lost-intent", "1..2", 1, resources(), "echo {}");
        Submissions.read(run.latestAttempt()).appendIntent(0, 0, 1, "sc-never-submitted-" + run.spec().token());
        backend.start(run, run.latestAttempt(), Backend.Progress.NONE);
        assertThat(recorder.count(submitProgram(backend))).isEqualTo(1);
        assertThat(Submissions.read(run.latestAttempt()).with(Submissions.Status.ABSENT)).hasSize(1);
        assertThat(awaitRunEnds(backend, run, patience()).allSucceeded()).isTrue();
    }

    @Test
    @Order(7)
    void transientSchedulerErrorsAreRetriedAndNeverFailAnEntry() {
        Grid grid = gridOnly("transient scheduler errors");
        Faults faults = grid.faults().orElse(null);
        Assumptions.assumeTrue(faults != null, "this cluster cannot stage transient failures");
        GridBackend backend = grid.backend(grid.runner());
        RunDir run = newRun(backend, "transient", "1..5", 1, resources(), "sleep 1; echo {}");
        faults.failNextSubmissions(2);
        backend.start(run, run.latestAttempt(), Backend.Progress.NONE);
        assertThat(submitted(run)).hasSize(1);
        faults.failNextStatusQueries(3);
        RunStatus s = awaitStatus("the run to end", backend, run, patience(), st -> {
            assertThat(st.entries()).allMatch(e -> !e.state().isFailure(), "no entry fails for a transient error");
            return st.finished();
        });
        assertThat(s.allSucceeded()).isTrue();
    }

    @Test
    @Order(8)
    void aSchedulerThatNeverAnswersLeavesTheRunResumable() {
        Grid grid = gridOnly("a scheduler that does not answer");
        Faults faults = grid.faults().orElse(null);
        Assumptions.assumeTrue(faults != null, "this cluster cannot stage transient failures");
        GridBackend backend = grid.backend(grid.runner());
        RunDir run = newRun(backend, "unanswered", "1..3", 1, resources(), "echo {}");
        faults.failAllSubmissions(true);
        try {
            assertThatThrownBy(() -> backend.start(run, run.latestAttempt(), Backend.Progress.NONE))
                    .isInstanceOf(BackendException.class).hasMessageContaining("scatter resume");
            RunStatus waiting = status(backend, run);
            assertThat(waiting.entries()).allMatch(e -> e.state() == EntryState.PENDING);
        } finally {
            faults.failAllSubmissions(false);
        }
        backend.start(run, run.latestAttempt(), Backend.Progress.NONE);
        assertThat(submitted(run)).hasSize(1);
        assertThat(awaitRunEnds(backend, run, patience()).allSucceeded()).isTrue();
    }

    @Test
    @Order(9)
    void theBeforeStepRunsFirstAndTheThenStepOnlyAfterEveryEntrySucceeded() {
        Backend backend = backend();
        Path dir = jobDirectory("steps");
        RunDir run = TestRuns.withSteps(dir, backend, "1..3", "echo ready > before.txt", "cat out-* > then.txt",
                r -> onTarget(r, dir), "[ -e before.txt ] && echo {} > out-{}");
        prepareForJobs(run);
        launch(backend, run);
        RunStatus end = awaitRunEnds(backend, run, patience());
        assertThat(end.allSucceeded()).as(end.failures().toString()).isTrue();
        assertThat(end.step("before").orElseThrow().state()).isEqualTo(EntryState.SUCCEEDED);
        assertThat(end.step("then").orElseThrow().state()).isEqualTo(EntryState.SUCCEEDED);
        assertThat(jobFile(run, "then.txt")).as("then saw every entry's output").isEqualTo("1\n2\n3\n");
    }

    @Test
    @Order(10)
    void startingARunAgainRunsNothingTwice() {
        Backend backend = backend();
        RunDir run = newRun(backend, "again", "1..6", 2, resources(), "echo {} >> markers");
        launch(backend, run);
        assertThat(awaitRunEnds(backend, run, patience()).allSucceeded()).isTrue();
        try (Runs runs = runs(backend, run)) {
            assertThat(runs.resume(run, false, false, RunListener.NONE)).isInstanceOf(Outcome.NothingToDo.class);
        }
        backend.start(run, run.latestAttempt(), Backend.Progress.NONE);   // the SPI itself: idempotent
        RunStatus after = awaitRunEnds(backend, run, patience());
        assertThat(after.allSucceeded()).isTrue();
        assertThat(markers(jobFile(run, "markers"))).hasSize(6).allSatisfy((entry, count) -> assertThat(count).isEqualTo(1));
    }

    @Test
    @Order(11)
    void thousandsOfEntriesRunAndGatherInInputOrder() {
        RunStatus s = awaitStatus("the big run to end", bigBackend, bigRun, patienceFor(manyEntries()), Duration.ofSeconds(2),
                RunStatus::finished);
        assertThat(s.allSucceeded()).as(s.failures().stream().limit(3).map(EntryStatus::detail).collect(Collectors.joining("; "))).isTrue();
        String expected = IntStream.rangeClosed(1, manyEntries()).mapToObj(i -> i + "\n").collect(Collectors.joining());
        assertThat(gather(bigRun, s)).isEqualTo(expected);
    }

    @Test
    @Order(12)
    void onAClusterThousandsOfEntriesAreArraysBelowMaxArraySizeAndOnePollIsOneQuery() {
        gridOnly("arrays below MaxArraySize");
        GridBackend backend = (GridBackend) bigBackend;
        int maxArraySize = backend.limits(bigRun).maxArraySize();
        int many = manyEntries();
        int arrays = (many + maxArraySize - 1) / maxArraySize;
        assertThat(bigSubmissions).as("one submission per array, never one per task").isEqualTo(arrays);
        List<Submissions.Array> subs = submitted(bigRun);
        assertThat(subs).hasSize(arrays);
        assertThat(subs.get(0).firstTask()).isZero();
        assertThat(subs.get(arrays - 1).lastTask()).isEqualTo(many - 1);
        assertThat(subs).allMatch(a -> a.size() <= maxArraySize);

        int before = bigRecorder.size();
        LiveView view = backend.live(bigRun);
        assertThat(view).isNotNull();
        List<String> programs = bigRecorder.calls().subList(before, bigRecorder.size()).stream().map(a -> a.get(0)).toList();
        assertThat(programs).as("one live listing (and at most one accounting query) per poll").hasSizeLessThanOrEqualTo(2);
    }

    /** Checked last: the real limit (about 82 s on SLURM) runs out while the other tests run. */
    @Test
    @Order(13)
    void aTaskOverItsTimeLimitEndsTimeout() {
        Assumptions.assumeTrue(runsTheTimeLimitScenario(), "this target leaves the time-limit scenario to another");
        RunStatus s = awaitRunEnds(timeoutBackend, timeoutRun, patience().plusMinutes(3));
        assertThat(s.entry(1).state()).as(s.entry(1).detail()).isEqualTo(EntryState.TIMEOUT);
        assertThat(s.entry(1).detail()).startsWith("time limit " + TimeLimit.parse(timeoutLimit(), "-t").slurm() + " exceeded");
    }

    /** After the large run: a per-user submit limit counts every queued task of the user. */
    @Test
    @Order(14)
    void aSubmitLimitIsNotAnErrorTheRestWaitsForRoomAndLaterStartsSubmitIt() {
        Grid grid = gridOnly("a per-user submit limit");
        Optional<LimitedCluster> limited = grid.withSubmitLimit(5);
        Assumptions.assumeTrue(limited.isPresent(), "this cluster cannot stage a submit limit");
        try (LimitedCluster cluster = limited.get()) {
            GridBackend backend = grid.backend(cluster.runner());
            RunDir run = newRun(backend, "waves", "1..12", 1, resources(), "sleep 1; echo {}");
            backend.start(run, run.latestAttempt(), Backend.Progress.NONE);
            // the limit counts every queued or running task of the user (trap 14), other runs' too
            int first = submitted(run).stream().mapToInt(Submissions.Array::size).sum();
            assertThat(first).isPositive().isLessThanOrEqualTo(5);
            RunStatus s = status(backend, run);
            assertThat(s.note()).contains("waiting for room");
            assertThat(s.entry(12).state()).isEqualTo(EntryState.PENDING);
            assertThat(s.entry(12).detail()).contains("waiting for room").contains("QOSMaxSubmitJobPerUserLimit");
            // what scatter watch does: look, then start again until every task is in
            RunStatus end = awaitStatus("every wave to be submitted and run", backend, run, patienceFor(12).multipliedBy(2), st -> {
                backend.start(run, run.latestAttempt(), Backend.Progress.NONE);
                return st.finished();
            });
            assertThat(end.allSucceeded()).isTrue();
            assertThat(submitted(run).stream().mapToInt(Submissions.Array::size).sum()).as("no task submitted twice").isEqualTo(12);
        }
    }
}
