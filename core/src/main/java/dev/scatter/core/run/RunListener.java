package dev.scatter.core.run;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.plan.PreparedRun;
import dev.scatter.core.spi.Backend;
import java.util.List;

/**
 * What a verb of {@link Runs} tells while it works, for whoever shows it (the CLI prints it; a
 * Java caller may ignore it). Every method does nothing unless overridden; each is called on the
 * thread that called the verb, except {@link #taskFinished}, which a backend may call from its
 * own threads.
 */
public interface RunListener extends Backend.Progress {

    RunListener NONE = new RunListener() {
    };

    @Override
    default void taskFinished(int attempt, int task, int succeeded, int failed) {
    }

    /** {@code run}: something about the command worth a warning, before anything is written. */
    default void warned(String warning) {
    }

    /** {@code run}: the run is written and about to start. */
    default void created(RunDir run, PreparedRun prepared, Backend backend) {
    }

    /** {@code resume}: what is left to do, before it starts. */
    default void resuming(RunStatus status) {
    }

    /** {@code retry}: the attempts a retry wrote, before they start. */
    default void retrying(RunDir run, List<AttemptDir> attempts) {
    }

    /** {@code run --retries N}: round {@code round} of {@code rounds} starts with these attempts. */
    default void retryRound(RunDir run, int round, int rounds, List<AttemptDir> attempts) {
    }

    /** A cluster run was submitted; the verb follows it until it ends. */
    default void following(RunDir run) {
    }

    /** One look at a run being followed. */
    default void looked(RunStatus status) {
    }
}
