package dev.scatter.core.spi;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.resources.Resources;
import dev.scatter.core.run.AttemptSpec;
import dev.scatter.core.run.RunSpec;
import dev.scatter.core.status.LiveView;
import java.util.List;

/**
 * Where tasks run: the local machine, a SLURM or PBS cluster, or a simulated one.
 *
 * <p>Core plans the run, writes the ledger and renders the wrapper ({@code task.sh}); a backend adds
 * the wrapper's header, starts the attempt's tasks, and says what it knows of tasks the ledger has
 * no final record for. Every task runs {@code task.sh} unchanged; the wrapper's records decide
 * exit codes.
 */
public interface Backend {

    /** {@code local}, {@code slurm}, {@code pbs}, … as written in the run spec. */
    String name();

    /**
     * Refuses (with a {@link dev.scatter.core.UsageException}) requests this backend can never
     * satisfy, before anything is written: e.g. more cpus per task than the machine has.
     */
    void check(Resources resources);

    /** Header lines for {@code task.sh} ({@code #SBATCH …}); empty for the local backend. */
    List<String> scriptHeader(RunSpec spec, AttemptSpec attempt, AttemptDir dir);

    /** What {@code --dry-run} prints about how the tasks would be started. */
    List<String> describeLaunch(RunSpec spec, AttemptSpec attempt, AttemptDir dir);

    /**
     * Starts the attempt's tasks that have not been started yet. The local backend runs them and
     * returns when they are done; cluster backends submit and return.
     *
     * <p>Idempotent, and safe after the client was killed at any moment: it starts only what the
     * ledger shows as not started (no result, no submission), so {@code resume} and {@code watch}
     * call it again to continue a run (e.g. arrays held back by a submit limit).
     */
    void start(RunDir run, AttemptDir attempt, Progress progress);

    /** The backend's view of the run's unfinished tasks, for status (at most one status query per call). */
    LiveView live(RunDir run);

    /**
     * Stops the given tasks of an attempt, queued or running. The entries the user cancelled are
     * already listed in the attempt's {@code cancelled} file when this is called; a backend only
     * stops the tasks (scancel, qdel, kill).
     */
    void cancel(RunDir run, AttemptDir attempt, java.util.Set<Integer> tasks);

    /**
     * How many tasks asking for {@code r} could run at once (this machine's pool; a cluster's
     * cores ÷ cpus per task), when known: {@code --chunk auto} keeps every slot busy with a few
     * tasks each instead of thousands of tiny ones.
     */
    default java.util.OptionalInt capacity(java.nio.file.Path workdir, Resources r) {
        return java.util.OptionalInt.empty();
    }

    /** How long {@code watch} waits between two looks at the run; cluster backends keep a floor. */
    default java.time.Duration pollInterval() {
        return java.time.Duration.ofMillis(500);
    }

    /** Told as tasks finish, for progress display. */
    interface Progress {
        Progress NONE = (attempt, task, succeeded, failed) -> { };

        void taskFinished(int attempt, int task, int succeeded, int failed);
    }
}
