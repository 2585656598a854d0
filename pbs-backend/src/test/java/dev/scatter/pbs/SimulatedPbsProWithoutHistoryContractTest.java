package dev.scatter.pbs;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.testing.SimulatedGrid;

/**
 * The contract on simulated OpenPBS as installed: no job history, so a job vanishes the moment it
 * ends (an array with its last subjob) and only the wrapper's records and PBS's own output file
 * tell how tasks ended. max_array_size 200 splits the 500-entry run into three arrays with offsets.
 */
class SimulatedPbsProWithoutHistoryContractTest extends SimulatedPbsContract {

    @Override
    protected Scheduler flavour() {
        return Scheduler.OPENPBS;
    }

    @Override
    protected SimConfig.Builder cluster(SimConfig.Builder fixtureLike) {
        return fixtureLike.pbsHistory(false).maxArraySize(200);
    }

    @Override
    protected GridBackend backend(CommandRunner runner) {
        return PbsBackend.pbsPro(runner, SimulatedGrid.TUNING);
    }

    /** Without history a submission whose job already ended cannot be found by its name (docs/backends/pbs.md). */
    @Override
    protected boolean findsEndedJobsByName() {
        return false;
    }
}
