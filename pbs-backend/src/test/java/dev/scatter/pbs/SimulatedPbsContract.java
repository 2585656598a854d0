package dev.scatter.pbs;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.core.testkit.BackendContract;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.testing.SimulatedGrid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend contract against one of the simulator's PBS dialects, in-process: the qsub, qstat
 * and qdel text OpenPBS 23.06 (or Torque 6) prints, with the clock 30 times faster (a one-minute
 * walltime is enforced after 2 s) and memory enforced by MoM ({@code $enforce mem}, off on the
 * fixture cluster) so the memory scenario has something to find. The PBS dialect has no per-user
 * queue limit, so the submit-limit scenario is skipped.
 */
abstract class SimulatedPbsContract extends BackendContract {

    /** Simulated seconds per real second. */
    static final double SPEEDUP = 30;

    @TempDir
    static Path root;

    private SimulatedGrid grid;

    /** This target's cluster: a flavour, history or not, its array size limit. */
    protected abstract SimConfig.Builder cluster(SimConfig.Builder fixtureLike);

    protected abstract Scheduler flavour();

    /** The backend of this flavour on {@code runner}. */
    protected abstract GridBackend backend(CommandRunner runner);

    /** Without job history, a submission whose job already ended cannot be found by its name (docs/backends/pbs.md). */
    protected boolean findsEndedJobsByName() {
        return true;
    }

    static SimConfig.Builder fixtureLike(Scheduler flavour, Path dir) {
        return SimConfig.builder(flavour).user("pbsuser").uid(1000).coresPerNode(8).memoryMbPerNode(8192)
                .clockSpeedup(SPEEDUP).pbsEnforceMemory(true).pbsHome(dir.resolve("home")).spoolDir(dir.resolve("spool"));
    }

    @Override
    protected synchronized Optional<Grid> grid() {
        if (grid == null) {
            grid = new SimulatedGrid(dir -> cluster(fixtureLike(flavour(), dir)), root, this::backend, false,
                    findsEndedJobsByName());
        }
        return Optional.of(grid);
    }

    @Override
    protected Backend backend() {
        Grid g = grid().orElseThrow();
        return g.backend(g.runner());
    }

    /** The brief's size: 500 one-line entries. */
    @Override
    protected int manyEntries() {
        return 500;
    }

    @Override
    protected Duration patienceFor(int tasks) {
        return patience().plusMillis(tasks * 40L);
    }

    @AfterAll
    void stopTheClusters() {
        if (grid != null) {
            grid.close();
        }
    }
}
