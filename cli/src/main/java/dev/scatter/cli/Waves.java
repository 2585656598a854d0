package dev.scatter.cli;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunBusyException;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.spi.Backend;

/**
 * On a cluster, arrays held back (e.g. by a per-user submit limit), and with {@code --task-time}
 * the entries after the first wave, are submitted by whoever looks at the run next: {@code watch}
 * calls the backend's idempotent start on every poll, unless another scatter process is doing it.
 */
final class Waves {

    private Waves() {
    }

    static void submitWaiting(RunDir run, Backend backend) {
        RunLock lock;
        try {
            lock = RunLock.executor(run);
        } catch (RunBusyException busy) {
            return;   // another scatter process holds the run; it submits
        }
        try (lock) {
            for (AttemptDir attempt : run.attempts()) {
                backend.start(run, attempt, Backend.Progress.NONE);
            }
            Finish.planRest(run, backend).ifPresent(a -> backend.start(run, a, Backend.Progress.NONE));
        }
    }
}
