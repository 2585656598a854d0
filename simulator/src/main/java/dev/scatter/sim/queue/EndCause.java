package dev.scatter.sim.queue;

/** Why a started task's process ended. */
public enum EndCause {
    /** The script ended by itself (exit code, or a signal it raised itself). */
    EXITED,
    /** The scheduler killed it at its time limit. */
    TIME_LIMIT,
    /** The scheduler killed it for exceeding its memory request. */
    MEMORY_LIMIT,
    /** The user cancelled it. */
    CANCELLED,
    /** Its node failed. */
    NODE_FAIL
}
