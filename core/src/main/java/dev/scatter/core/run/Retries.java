package dev.scatter.core.run;

import dev.scatter.core.ScatterException;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.ChunkSize;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.plan.AutoChunk;
import dev.scatter.core.plan.RetryPlanner;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import java.util.List;
import java.util.Set;

/**
 * Plans and writes a retry under the run lock (two retries at once never run an entry twice),
 * for {@code scatter retry} and {@code run --retries}.
 */
final class Retries {

    /** The attempts written (none when nothing is to retry) and the status they were planned from. */
    record Written(List<AttemptDir> attempts, RunStatus status) {
    }

    private Retries() {
    }

    static Written write(RunDir run, Backend backend, RetryRequest request, RunListener listener) {
        try (RunLock lock = RunLock.acquire(run, "retry")) {
            RunStatus status = StatusReader.read(run, backend.live(run));
            int again = (int) status.entries().stream().filter(e -> request.states().contains(e.state())).count();
            int chunk = AutoChunk.resolve(request.chunk().orElse(ChunkSize.of(run.spec().chunk())), again,
                    () -> backend.limits(run.spec().workdir(), run.spec().resources()));
            List<AttemptSpec> planned = RetryPlanner.plan(run, status, request.states(), request.overrides(),
                    request.escalate(), chunk);
            if (planned.stream().anyMatch(a -> a.reason().equals(AttemptSpec.THEN))) {
                // on a cluster the old then job waits for arrays that failed, forever: stop it
                status.step(AttemptSpec.THEN).filter(t -> t.start().isEmpty() && t.exitCode().isEmpty())
                        .ifPresent(t -> stopWaitingThen(run, backend, t, listener));
            }
            return new Written(RetryPlanner.write(run, planned, backend), status);
        }
    }

    /** If stopping the old then job fails, the new one still runs: say so, do not fail the retry. */
    private static void stopWaitingThen(RunDir run, Backend backend, EntryStatus then, RunListener listener) {
        try {
            backend.cancel(run, run.attempt(then.attempt()), Set.of(0));
        } catch (ScatterException e) {
            listener.warned("could not cancel the old then job (" + e.getMessage().lines().findFirst().orElse("")
                    + "); it can never start, cancel it by hand");
        }
    }
}
