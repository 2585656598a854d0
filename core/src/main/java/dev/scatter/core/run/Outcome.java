package dev.scatter.core.run;

import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.RunStatus;
import java.time.Duration;

/** Where a run stands when a verb of {@link Runs} that drives it returns. */
public sealed interface Outcome {

    RunDir run();

    /** True when something did not succeed, or nothing is left running the rest. */
    boolean failed();

    /** Everything that could run has run (here, or on a cluster that finished already). */
    record Ended(RunDir run, RunStatus status, Duration took) implements Outcome {
        @Override
        public boolean failed() {
            return !status.allSucceeded();
        }
    }

    /** Submitted: the scheduler runs it whether the client stays or not. */
    record Submitted(RunDir run, RunStatus status) implements Outcome {
        @Override
        public boolean failed() {
            return false;
        }
    }

    /**
     * Followed on a cluster until it ended, until nothing was left running the rest ({@code stalled}),
     * or, when the follower set a limit, until that time was up (the status is not finished then).
     */
    record Followed(RunDir run, RunStatus status, boolean stalled) implements Outcome {
        @Override
        public boolean failed() {
            return stalled || !status.allSucceeded();
        }
    }

    /** Running in a background process that outlives this one. */
    record Detached(RunDir run, long pid) implements Outcome {
        @Override
        public boolean failed() {
            return false;
        }
    }

    /** Nothing to do: every entry already has a result (resume), or none is in the states to retry (retry). */
    record NothingToDo(RunDir run, RunStatus status) implements Outcome {
        @Override
        public boolean failed() {
            return !status.allSucceeded();
        }
    }
}
