package dev.scatter.core.run;

import dev.scatter.core.ScatterException;
import dev.scatter.core.UsageException;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.ChunkSize;
import dev.scatter.core.model.EntryState;
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
            request.entries().ifPresent(chosen -> refuseUnknownOrUnfinished(run, status, chosen));
            int again = (int) status.entries().stream().filter(request::selects).count();
            int chunk = AutoChunk.resolve(request.chunk().orElse(ChunkSize.of(run.spec().chunk())), again,
                    () -> backend.limits(run.spec().workdir(), run.spec().resources()));
            // a failed step runs again with a whole-run retry, not when entries were chosen
            Set<EntryState> steps = request.entries().isPresent() ? Set.of() : request.states();
            List<AttemptSpec> planned = RetryPlanner.plan(run, status, request::selects, steps, request.overrides(),
                    request.escalate(), chunk);
            if (planned.stream().anyMatch(a -> a.reason().equals(AttemptSpec.THEN))) {
                // on a cluster the old then job waits for arrays that failed, forever: stop it
                status.step(AttemptSpec.THEN).filter(t -> t.start().isEmpty() && t.exitCode().isEmpty())
                        .ifPresent(t -> stopWaitingThen(run, backend, t, listener));
            }
            return new Written(RetryPlanner.write(run, planned, backend), status);
        }
    }

    /** Chosen entries must exist and have ended: one still queued or running would run twice. */
    private static void refuseUnknownOrUnfinished(RunDir run, RunStatus status, Set<Integer> chosen) {
        int n = run.spec().entryCount();
        String id = run.spec().id();
        for (int e : chosen) {
            if (e < 1 || e > n) {
                throw new UsageException("entry " + e + " is not in run " + id + ": it has entries 1 to " + n);
            }
            EntryState state = status.entry(e).state();
            if (!state.isFinal()) {
                throw new UsageException("entry " + e + " of run " + id + " is " + state + ": it has not ended, so it cannot"
                        + " run again yet; wait for it (scatter watch " + id + "), or cancel it first (scatter cancel " + id
                        + " --entries " + e + ")");
            }
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
