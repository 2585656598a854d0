package dev.scatter.sim.queue;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The dialect's side of running a job: the queue decides <em>when</em> a task runs and why it
 * ends; the dialect decides <em>how</em> it is started (environment, files, ids), what is written
 * into its output when the scheduler kills it, and when a finished task leaves the live listing.
 */
public interface JobRuntime {

    /** Called under the cluster lock when the task is about to start on {@code nodes}. */
    LaunchPlan plan(SimTask task, List<String> nodes) throws IOException;

    /**
     * Called after the process ended and before its final state is published: write the
     * scheduler's kill notice into the task's stderr, stage out output files.
     */
    void finished(SimTask task);

    /** Whether a finished (or never-started, cancelled) task has left the live queue by {@code now}. */
    boolean purgeable(SimTask task, Instant now);

    /** Called under the lock after each scheduling pass that started tasks of this job. */
    default void afterStart(SimJob job, List<SimTask> started, List<Integer> pendingBefore) {
    }
}
