package dev.scatter.local;

import dev.scatter.core.spi.Backend;
import dev.scatter.core.testkit.BackendContract;

/**
 * The backend contract on this machine, the default backend: real bash workers in a pool sized by
 * the machine's cores, time and memory limits enforced by the executor, runs driven by core as
 * {@code scatter run} drives them (the executor runs in a thread while the test looks). The
 * cluster-only scenarios (submissions, faults, submit limits) are skipped.
 */
class LocalContractTest extends BackendContract {

    @Override
    protected Backend backend() {
        return new LocalBackend();
    }

    /** A real time limit, kept short: the executor enforces it itself. */
    @Override
    protected String timeoutLimit() {
        return "3s";
    }
}
