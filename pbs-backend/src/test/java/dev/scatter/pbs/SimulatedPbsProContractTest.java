package dev.scatter.pbs;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.testing.SimulatedGrid;

/** The contract on simulated OpenPBS with job history on ({@code job_history_enable=True}, as the main fixture server). */
class SimulatedPbsProContractTest extends SimulatedPbsContract {

    @Override
    protected Scheduler flavour() {
        return Scheduler.OPENPBS;
    }

    @Override
    protected SimConfig.Builder cluster(SimConfig.Builder fixtureLike) {
        return fixtureLike.pbsHistory(true);
    }

    @Override
    protected GridBackend backend(CommandRunner runner) {
        return PbsBackend.pbsPro(runner, SimulatedGrid.TUNING);
    }
}
