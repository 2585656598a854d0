package dev.scatter.core.spi;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Where tasks run: the local machine, a SLURM or PBS cluster, or a simulated one.
 *
 * <p>Core plans the run, writes the ledger and renders the wrapper ({@code task.sh}); a backend adds
 * the wrapper's header, starts the attempt's tasks, and says what it knows of tasks the ledger has
 * no final record for. Every task runs {@code task.sh} unchanged; the wrapper's records decide
 * exit codes. The order of a run's parts (before step, entries, then step), locks, retries and
 * waves are core's ({@code dev.scatter.core.run}); a backend says only how it behaves
 * ({@link #mode()}) and what it can take ({@link #limits}).
 */
public interface Backend extends AutoCloseable {

    /** How {@link #start} behaves, which decides how core drives a run on this backend. */
    enum Mode {
        /** {@code start} runs the attempt's tasks here and returns when they have ended (this machine). */
        EXECUTES,
        /** {@code start} submits and returns; the scheduler runs the tasks whether a client stays or not (a cluster). */
        SUBMITS,
        /**
         * {@code start} submits to a scheduler that lives in this process and ends with it (a simulated
         * cluster): the client stays and follows the run to its end.
         */
        SUBMITS_AND_STAYS
    }

    /** {@code local}, {@code slurm}, {@code pbs-pro}, … as written in the run spec. */
    String name();

    Mode mode();

    /**
     * Refuses (with a {@link dev.scatter.core.UsageException}) requests this backend can never
     * satisfy, before anything is written: e.g. more cpus per task than the machine has.
     */
    void check(Resources resources);

    /**
     * What this backend can take, for {@code --chunk auto}: asked once per run, before it is
     * planned, and only when needed (a scheduler is asked for its configuration at most once per
     * process).
     */
    default BackendLimits limits(Path workdir, Resources resources) {
        return BackendLimits.UNKNOWN;
    }

    /**
     * Whether tasks start with the environment {@code scatter run} was started in (this machine;
     * SLURM, whose sbatch exports it), so that a thread variable set there wins over the wrapper's
     * thread guard. PBS starts jobs with its own variables only (qsub without {@code -V}).
     */
    default boolean tasksInheritEnvironment() {
        return true;
    }

    /** Header lines for {@code task.sh} ({@code #SBATCH …}); empty for the local backend. */
    List<String> scriptHeader(RunSpec spec, AttemptSpec attempt, AttemptDir dir);

    /** What {@code --dry-run} prints about how the tasks would be started. */
    List<String> describeLaunch(RunSpec spec, AttemptSpec attempt, AttemptDir dir);

    /**
     * Directories of attempt {@code dir} this backend's tasks write into besides {@code tasks/},
     * made when the attempt is written: a scheduler does not create its own output file's
     * directory, and a run on a cluster over SSH sends the attempt before it is submitted.
     */
    default List<Path> jobDirectories(AttemptDir dir) {
        return List.of();
    }

    /**
     * Starts the attempt's tasks that have not been started yet; see {@link #mode()} for when it returns.
     *
     * <p>Idempotent, and safe after the client was killed at any moment: it starts only what the
     * ledger shows as not started (no result, no submission), so {@code resume} and {@code watch}
     * call it again to continue a run (e.g. arrays held back by a submit limit). The caller holds
     * the run's executor lock.
     */
    void start(RunDir run, AttemptDir attempt, Progress progress);

    /** The backend's view of the run's unfinished tasks, for status (at most one status query per call). */
    LiveView live(RunDir run);

    /**
     * Records what the run's ended tasks used, as far as this backend can tell, in the ledger
     * ({@link dev.scatter.core.ledger.MeasuredUsage}), asking the scheduler at most once per call
     * and only about tasks that ended and were not measured yet; later calls do not ask again.
     * The local executor measures while it runs, so it has nothing to do here.
     *
     * @return why usage could not be measured (no accounting, the scheduler did not answer), or empty
     */
    default java.util.Optional<String> measure(RunDir run) {
        return java.util.Optional.empty();
    }

    /**
     * Stops the given tasks of an attempt, queued or running. The entries the user cancelled are
     * already listed in the attempt's {@code cancelled} file when this is called; a backend only
     * stops the tasks (scancel, qdel, kill).
     */
    void cancel(RunDir run, AttemptDir attempt, Set<Integer> tasks);

    /**
     * What {@code scatter doctor} tells about this backend here, in order: for a cluster its client's
     * version and the limits its configuration sets, for this machine its cores, memory and pool.
     * Asks the scheduler once per command, without retries. Never throws for a scheduler command
     * that fails, times out or is missing: that is a {@link Check.Level#FAIL} check holding the
     * command, its exit status and its output.
     *
     * @param workdir where the user runs scatter (scheduler commands run there)
     */
    default List<Check> checks(Path workdir) {
        return List.of();
    }

    /**
     * Brings this machine's ledger of {@code run} up to date with what its tasks wrote elsewhere,
     * before it is read: a cluster reached over SSH ({@code --remote}) keeps the tasks' results
     * there. Nothing for a backend whose tasks write here (or on a shared file system).
     */
    default void refresh(RunDir run) {
    }

    /**
     * Sends what this process wrote to {@code run}'s ledger (a cancellation, a retry's attempt)
     * to where its tasks read it; nothing where they read this machine's ledger.
     */
    default void publish(RunDir run) {
    }

    /**
     * Removes what this backend keeps of {@code run} elsewhere, before its ledger here is removed
     * ({@code scatter rm}, {@code clean}): a cluster's copy of the ledger ({@code --remote}). Nothing
     * for every other backend.
     */
    default void forget(RunDir run) {
    }

    /** How long a client following the run waits between two looks at it; cluster backends keep a floor. */
    default Duration pollInterval() {
        return Duration.ofMillis(500);
    }

    /** Ends what the backend holds in this process (a simulated cluster); nothing for most. */
    @Override
    default void close() {
    }

    /** Told as tasks finish, for progress display. */
    interface Progress {
        Progress NONE = (attempt, task, succeeded, failed) -> { };

        void taskFinished(int attempt, int task, int succeeded, int failed);
    }
}
