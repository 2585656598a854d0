package dev.scatter.core.grid;

/** What one submit command did, as its scheduler's parser reads it. */
public sealed interface SubmitOutcome {

    /** Accepted: the array's job id. */
    record Accepted(String jobId) implements SubmitOutcome {
    }

    /**
     * Refused because the user has too many jobs queued (e.g. SLURM
     * {@code QOSMaxSubmitJobPerUserLimit}): not an error; the rest waits for room.
     */
    record LimitReached(String reason) implements SubmitOutcome {
    }

    /** The dependency on an earlier array was refused (it is gone); submit without it. */
    record DependencyRefused(String message) implements SubmitOutcome {
    }

    /** The controller did not answer; the job may or may not exist. */
    record Transient(String message) implements SubmitOutcome {
    }

    /** Rejected for good: {@code hint} says what to change. */
    record Rejected(String hint) implements SubmitOutcome {
    }
}
