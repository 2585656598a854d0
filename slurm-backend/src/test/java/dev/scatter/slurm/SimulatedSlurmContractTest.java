package dev.scatter.slurm;

import dev.scatter.core.spi.Backend;
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
 * The backend contract against the simulator's SLURM 22.05 dialect, in-process: the same sbatch,
 * squeue, sacct and scancel text a real cluster prints, with its clock 30 times faster (a
 * one-minute limit is enforced after 2 s, MinJobAge 60 s purges after 2 s), faults on demand,
 * and a QOS submit limit.
 */
class SimulatedSlurmContractTest extends BackendContract {

    /** Simulated seconds per real second. */
    private static final double SPEEDUP = 30;

    @TempDir
    static Path root;

    private SimulatedGrid grid;

    private static SimConfig.Builder cluster(Path dir) {
        return SimConfig.builder(Scheduler.SLURM).user("slurmxuser").uid(1000).coresPerNode(8).memoryMbPerNode(8000)
                .clockSpeedup(SPEEDUP).minJobAge(Duration.ofSeconds(60)).spoolDir(dir.resolve("spool"))
                .pbsHome(dir.resolve("home"));
    }

    @Override
    protected synchronized Optional<Grid> grid() {
        if (grid == null) {
            grid = new SimulatedGrid(SimulatedSlurmContractTest::cluster, root,
                    runner -> SlurmBackend.create(runner, SimulatedGrid.TUNING), true, true);
        }
        return Optional.of(grid);
    }

    @Override
    protected Backend backend() {
        Grid g = grid().orElseThrow();
        return g.backend(g.runner());
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
