package dev.scatter.core.run;

import dev.scatter.core.UsageException;

/**
 * How {@code scatter run} drives a new run.
 *
 * @param retries  retry what did not succeed, up to this many times (then the run is followed to its end)
 * @param escalate with retries: twice the memory after OUT_OF_MEMORY, twice the time after TIMEOUT
 * @param follow   on a cluster, follow the run to its end instead of returning once submitted
 * @param detach   run in a background process that outlives this one
 */
public record RunOptions(int retries, boolean escalate, boolean follow, boolean detach) {

    public RunOptions {
        if (retries < 0) {
            throw new UsageException("--retries " + retries + " is negative: give 0 or more");
        }
    }

    public static RunOptions defaults() {
        return new RunOptions(0, false, false, false);
    }
}
