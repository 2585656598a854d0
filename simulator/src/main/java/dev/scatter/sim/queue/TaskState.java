package dev.scatter.sim.queue;

/**
 * The neutral life of one array task (or of a plain job's single task). Dialects map these onto
 * their own codes with a table (SlurmStates, PbsStates); the queue itself knows nothing of them.
 */
public enum TaskState {
    /** Waiting: held, throttled, blocked by a dependency or by resources. */
    PENDING,
    /** Its script runs as a process. */
    RUNNING,
    /** The script exited 0. */
    COMPLETED,
    /** The script exited non-zero or was killed by a signal it did not get from the scheduler. */
    FAILED,
    /** Cancelled by the user: while running (killed) or while pending (never started). */
    CANCELLED,
    /** Killed at its time limit. */
    TIMEOUT,
    /** Killed for using more memory than it asked for. */
    OUT_OF_MEMORY,
    /** Its node went down under it. */
    NODE_FAIL;

    public boolean isFinished() {
        return this != PENDING && this != RUNNING;
    }
}
