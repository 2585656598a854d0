package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.plan.RetryPlanner;
import dev.scatter.core.plan.TaskSizing;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * Drives a run forward under the executor lock and reports. The order is the run's: the latest
 * {@code --before} step, then every attempt of entries, then the latest {@code --then} step. On the
 * local machine each waits for the one before (the entries start only if the before step
 * succeeded, the then step only once every entry has); a cluster backend submits them all and
 * lets its scheduler's dependencies do the waiting. Starting is idempotent: what ran is not run
 * again.
 */
final class Finish {

    private Finish() {
    }

    static int drive(RunDir run, Backend backend, PrintWriter out, PrintWriter err) {
        return drive(run, backend, out, err, false);
    }

    /**
     * @param wait on a cluster, follow the run until it ends instead of returning once submitted
     *             (always so with a simulated cluster: it lives in this process)
     */
    static int drive(RunDir run, Backend backend, PrintWriter out, PrintWriter err, boolean wait) {
        long started = System.nanoTime();
        boolean here = Backends.runsInForeground(backend);
        try (RunLock lock = RunLock.executor(run);
             Progress progress = Progress.forTerminal(err, run.spec().entryCount())) {
            Optional<AttemptDir> before = latestStep(run, AttemptSpec.BEFORE);
            if (before.isPresent()) {
                backend.start(run, before.get(), progress);
            }
            if (!here || !read(run, backend).heldByBefore()) {
                for (AttemptDir attempt : run.attempts()) {
                    if (!attempt.spec().isStep()) {
                        backend.start(run, attempt, progress);
                    }
                }
                Optional<AttemptDir> sized = planRest(run, backend);
                if (sized.isPresent()) {
                    backend.start(run, sized.get(), progress);
                }
                Optional<AttemptDir> then = latestStep(run, AttemptSpec.THEN);
                if (then.isPresent() && (!here || entriesSucceeded(read(run, backend)))) {
                    backend.start(run, then.get(), progress);
                }
            }
        }
        RunStatus status = read(run, backend);
        if (!status.finished() && !here && (wait || backend instanceof SimulatedBackend)) {
            try {
                err.println("run " + run.spec().id() + ": submitted; following it until it ends");
                err.flush();
                return WatchCommand.follow(run, backend, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCode.ENTRIES_FAILED.code();
            }
        }
        if (!status.finished() && !here) {
            out.println("run " + run.spec().id() + ": submitted; scatter watch " + run.spec().id() + " follows it");
            out.flush();
            return ExitCode.OK.code();
        }
        Summary.print(status, (System.nanoTime() - started) / 1e9, out);
        return status.allSucceeded() ? ExitCode.OK.code() : ExitCode.ENTRIES_FAILED.code();
    }

    /** With --task-time, once the first wave has ended: the attempt holding the other entries, written. */
    static Optional<AttemptDir> planRest(RunDir run, Backend backend) {
        if (run.spec().taskTime().isEmpty()) {
            return Optional.empty();   // nothing to plan: spare a cluster the status query
        }
        try (RunLock lock = RunLock.acquire(run, "planning the tasks after the first wave")) {
            return TaskSizing.rest(run, read(run, backend))
                    .map(a -> RetryPlanner.write(run, List.of(a), backend).get(0));
        }
    }

    static Optional<AttemptDir> latestStep(RunDir run, String kind) {
        List<AttemptDir> all = run.attempts();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).spec().reason().equals(kind)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    private static RunStatus read(RunDir run, Backend backend) {
        return StatusReader.read(run, backend.live(run));
    }

    private static boolean entriesSucceeded(RunStatus status) {
        return status.entries().stream().allMatch(e -> e.state() == EntryState.SUCCEEDED);
    }
}
