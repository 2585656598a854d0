package dev.scatter.sim.testing;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.core.testkit.BackendContract;
import dev.scatter.sim.SimConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Core's {@link BackendContract} on a simulated cluster ({@link SimulatedGrid}): a subclass names
 * the cluster and the backend under test; the simulator answers in-process, so tasks are counted
 * faster than on a real cluster.
 */
public abstract class SimulatedContract extends BackendContract {

    /** Where the simulated clusters keep their state. */
    @TempDir
    static Path clusters;

    private SimulatedGrid grid;

    /** The simulated cluster's configuration, given a directory for its state. */
    protected abstract SimConfig.Builder cluster(Path dir);

    /** The backend under test on {@code runner}, tuned with {@link SimulatedGrid#TUNING}. */
    protected abstract GridBackend backend(CommandRunner runner);

    /** Whether the dialect refuses submissions over a per-user limit (SLURM's QOS). */
    protected boolean hasSubmitLimits() {
        return false;
    }

    /** See {@link BackendContract.Grid#findsEndedJobsByName()}. */
    protected boolean findsEndedJobsByName() {
        return true;
    }

    @Override
    protected synchronized Optional<Grid> grid() {
        if (grid == null) {
            grid = new SimulatedGrid(this::cluster, clusters, this::backend, hasSubmitLimits(), findsEndedJobsByName());
        }
        return Optional.of(grid);
    }

    @Override
    protected Backend backend() {
        Grid g = grid().orElseThrow();
        return g.backend(g.runner());
    }

    /**
     * A hang guard, not a speed target (the benchmarks measure speed): the big run shares two cores
     * with every other scenario of the class, and took 116-161 s for 2,500 tasks on the CI machine
     * under load, against a guard of 160 s at 40 ms a task.
     */
    @Override
    protected Duration patienceFor(int tasks) {
        return patience().plusMillis(tasks * 60L);
    }

    @AfterAll
    void stopTheClusters() {
        if (grid != null) {
            grid.close();
        }
    }
}
