package dev.scatter.pbs;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.testing.SimulatedGrid;
import java.time.Duration;

/**
 * The contract on the simulator's Torque 6 dialect (no captured Torque output exists): completed
 * jobs stay as C for keep_completed (60 simulated seconds, 2 s here), then vanish. The dialect's
 * {@code qstat -B -f} does not show max_job_array_size, so the large run stays below its default
 * (a smaller, unseen limit is found by halving: SimulatedPbsEdgeCasesTest).
 */
class SimulatedTorqueContractTest extends SimulatedPbsContract {

    @Override
    protected Scheduler flavour() {
        return Scheduler.TORQUE;
    }

    @Override
    protected SimConfig.Builder cluster(SimConfig.Builder fixtureLike) {
        return fixtureLike.minJobAge(Duration.ofSeconds(60));
    }

    @Override
    protected GridBackend backend(CommandRunner runner) {
        return PbsBackend.torque(runner, SimulatedGrid.TUNING);
    }

    /** keep_completed is short and there is no history: an ended job may be gone before scatter looks. */
    @Override
    protected boolean findsEndedJobsByName() {
        return false;
    }
}
