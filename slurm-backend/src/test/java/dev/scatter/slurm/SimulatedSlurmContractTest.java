package dev.scatter.slurm;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.testing.SimulatedContract;
import dev.scatter.sim.testing.SimulatedGrid;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The backend contract against the simulator's SLURM 22.05 dialect, in-process: the same sbatch,
 * squeue, sacct and scancel text a real cluster prints, with its clock 30 times faster (a
 * one-minute limit is enforced after 2 s, MinJobAge 60 s purges after 2 s), faults on demand,
 * and a QOS submit limit.
 */
class SimulatedSlurmContractTest extends SimulatedContract {

    /** Simulated seconds per real second. */
    private static final double SPEEDUP = 30;

    @Override
    protected SimConfig.Builder cluster(Path dir) {
        return SimConfig.builder(Scheduler.SLURM).user("slurmxuser").uid(1000).coresPerNode(8).memoryMbPerNode(8000)
                .clockSpeedup(SPEEDUP).minJobAge(Duration.ofSeconds(60)).spoolDir(dir.resolve("spool"))
                .pbsHome(dir.resolve("home"));
    }

    @Override
    protected GridBackend backend(CommandRunner runner) {
        return SlurmBackend.create(runner, SimulatedGrid.TUNING);
    }

    @Override
    protected boolean hasSubmitLimits() {
        return true;
    }
}
