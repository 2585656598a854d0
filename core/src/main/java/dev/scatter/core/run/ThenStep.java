package dev.scatter.core.run;

import dev.scatter.core.UsageException;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.Plan;
import dev.scatter.core.plan.AttemptWriter;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import java.time.Instant;
import java.util.List;

/** {@code scatter then}: the run's {@code --then} step once more, now, whatever the entries did. */
final class ThenStep {

    private ThenStep() {
    }

    /** Runs (or submits) a fresh then step; on a cluster, follows it to its end when asked or when the cluster lives here. */
    static EntryStatus run(RunDir run, Backend backend, boolean wait) {
        String command = run.spec().then().orElseThrow(() -> new UsageException("run " + run.spec().id()
                + " has no --then step: give one when starting a run, e.g. scatter run --then 'python collect.py' ..."));
        AttemptDir step;
        try (RunLock lock = RunLock.acquire(run, "then")) {
            AttemptSpec base = run.latestAttempt(AttemptSpec.THEN).orElseThrow().spec();
            AttemptSpec again = new AttemptSpec(run.attempts().size() + 1, Instant.now(), AttemptSpec.THEN, base.resources(),
                    new Plan(List.of(0), 1));
            step = AttemptWriter.write(run, run.spec(), again, e -> command, backend);
        }
        try (RunLock lock = RunLock.executor(run)) {
            backend.start(run, step, Backend.Progress.NONE);
        }
        EntryStatus s = read(run, backend);
        while (!s.state().isFinal() && (wait || backend.mode() == Backend.Mode.SUBMITS_AND_STAYS)) {
            try {
                Thread.sleep(backend.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            s = read(run, backend);
        }
        return s;
    }

    private static EntryStatus read(RunDir run, Backend backend) {
        return StatusReader.read(run, backend.live(run)).step(AttemptSpec.THEN).orElseThrow();
    }
}
