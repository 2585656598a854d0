package dev.scatter.pbs;

import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.testing.SimulatedContract;
import java.nio.file.Path;

/**
 * The backend contract against one of the simulator's PBS dialects, in-process: the qsub, qstat
 * and qdel text OpenPBS 23.06 (or Torque 6) prints, with the clock 30 times faster (a one-minute
 * walltime is enforced after 2 s) and memory enforced by MoM ({@code $enforce mem}, off on the
 * fixture cluster) so the memory scenario has something to find. The PBS dialect has no per-user
 * queue limit, so the submit-limit scenario is skipped.
 */
abstract class SimulatedPbsContract extends SimulatedContract {

    /** Simulated seconds per real second. */
    static final double SPEEDUP = 30;

    /** This target's cluster: a flavour, history or not, its array size limit. */
    protected abstract SimConfig.Builder cluster(SimConfig.Builder fixtureLike);

    protected abstract Scheduler flavour();

    @Override
    protected SimConfig.Builder cluster(Path dir) {
        return cluster(fixtureLike(flavour(), dir));
    }

    static SimConfig.Builder fixtureLike(Scheduler flavour, Path dir) {
        return SimConfig.builder(flavour).user("pbsuser").uid(1000).coresPerNode(8).memoryMbPerNode(8192)
                .clockSpeedup(SPEEDUP).pbsEnforceMemory(true).pbsHome(dir.resolve("home")).spoolDir(dir.resolve("spool"));
    }

    /** The brief's size: 500 one-line entries. */
    @Override
    protected int manyEntries() {
        return 500;
    }
}
