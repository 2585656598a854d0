package dev.scatter.cli;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.spi.Backend;
import java.io.PrintWriter;
import java.util.List;

/**
 * Starts attempts under the executor lock: on the local backend this runs them to the end (the
 * lock makes sure no second process executes the same run); on a cluster it submits what is not
 * submitted yet.
 */
final class Execution {

    private Execution() {
    }

    static void start(RunDir run, Backend backend, List<AttemptDir> attempts, PrintWriter err, int entries) {
        try (RunLock lock = RunLock.executor(run);
             Progress progress = Progress.forTerminal(err, entries)) {
            for (AttemptDir attempt : attempts) {
                backend.start(run, attempt, progress);
            }
        }
    }
}
