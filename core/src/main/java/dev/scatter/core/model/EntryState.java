package dev.scatter.core.model;

/**
 * The neutral state of one entry, whatever the backend. Backends map their native codes onto
 * these with a table; an unknown native code maps to {@link #UNKNOWN} with the raw text kept.
 */
public enum EntryState {
    /** Known to scatter, not handed to any executor or scheduler yet (or the executor is gone). */
    PENDING,
    /** Submitted, waiting for resources. */
    QUEUED,
    /** Its command is running now. */
    RUNNING,
    /** Its command exited 0. */
    SUCCEEDED,
    /** Its command exited non-zero. */
    FAILED,
    /** Killed because its task exceeded the time limit. */
    TIMEOUT,
    /** Killed because its task exceeded the memory limit. */
    OUT_OF_MEMORY,
    /** Cancelled by the user (or the scheduler's administrator). */
    CANCELLED,
    /** Its task ended (node failure, preemption, kill) without recording a result for it. */
    LOST,
    /** The scheduler reported something scatter does not know; the raw text is kept. */
    UNKNOWN;

    public boolean isFinal() {
        return switch (this) {
            case SUCCEEDED, FAILED, TIMEOUT, OUT_OF_MEMORY, CANCELLED, LOST -> true;
            default -> false;
        };
    }

    public boolean isFailure() {
        return isFinal() && this != SUCCEEDED;
    }
}
