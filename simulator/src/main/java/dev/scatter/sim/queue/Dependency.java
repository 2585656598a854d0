package dev.scatter.sim.queue;

import java.util.List;

/**
 * A job's dependency on earlier jobs ({@code --dependency=afterok:12:13}, {@code -W depend=afterok:12}).
 *
 * @param type what the earlier jobs must have done
 * @param jobIds ids of the earlier jobs (an array id covers all its tasks)
 */
public record Dependency(Type type, List<Long> jobIds) {

    public enum Type {
        /** Start after the jobs ended, all successfully. */
        AFTER_OK,
        /** Start after the jobs ended, however. */
        AFTER_ANY,
        /** Start after the jobs ended, at least one unsuccessfully. */
        AFTER_NOT_OK
    }

    public Dependency {
        jobIds = List.copyOf(jobIds);
    }

    /** Where a dependency stands. */
    public enum Status { WAITING, SATISFIED, NEVER }
}
