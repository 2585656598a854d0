package dev.scatter.sim.queue;

/**
 * Why a pending task waits, in neutral terms. SLURM prints these as reason codes
 * (SlurmStates.REASONS), PBS as comments ("Can Never Run: ...").
 */
public enum WaitReason {
    /** Not looked at by the scheduler yet. */
    NONE,
    /** Enough resources, but an earlier job goes first. */
    PRIORITY,
    /** The first job that does not fit on the free resources. */
    RESOURCES,
    /** The array's {@code %N} throttle is reached. */
    THROTTLE,
    /** Submitted held ({@code --hold}, {@code qsub -h}) or held later. */
    HELD,
    /** An {@code afterok}-style dependency is not satisfied yet. */
    DEPENDENCY,
    /** The dependency can never be satisfied (the job it waits for failed). */
    DEPENDENCY_NEVER,
    /** More CPUs per node than any node has. */
    TOO_MANY_CPUS,
    /** More memory per node than any node has. */
    TOO_MUCH_MEMORY,
    /** More nodes than the cluster has. */
    TOO_MANY_NODES,
    /** A longer time limit than the partition allows. */
    TIME_LIMIT_TOO_LONG;

    /** Reasons that will never go away by waiting. */
    public boolean isPermanent() {
        return switch (this) {
            case DEPENDENCY_NEVER, TOO_MANY_CPUS, TOO_MUCH_MEMORY, TOO_MANY_NODES, TIME_LIMIT_TOO_LONG -> true;
            default -> false;
        };
    }
}
