package dev.scatter.core.run;

import dev.scatter.core.StorageException;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunBusyException;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.plan.RetryPlanner;
import dev.scatter.core.plan.TaskSizing;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Drives one run forward, in the run's order: the latest {@code --before} step, then every attempt
 * of entries (with {@code --task-time}, the rest once the first wave has ended), then the latest
 * {@code --then} step. A backend that {@linkplain Backend.Mode#EXECUTES executes here} runs each
 * part only after the one before succeeded; a cluster gets them all at once and its scheduler's
 * dependencies keep the order ({@code grid.StepOrder}), so the user can log out. Starting is
 * idempotent: what ran or was submitted is never started again.
 */
final class Driver {

    /** A run whose executor has just started may not show it yet: wait this long before calling it stalled. */
    private static final Duration STALL_GRACE = Duration.ofSeconds(2);

    private final RunDir run;
    private final Backend backend;
    private final RunListener listener;

    Driver(RunDir run, Backend backend, RunListener listener) {
        this.run = run;
        this.backend = backend;
        this.listener = listener;
    }

    /**
     * Starts what is left under the executor lock, then: here, the run has ended; on a cluster,
     * returns once submitted, or follows the run to its end when asked ({@code wait}) or when the
     * cluster lives in this process.
     */
    Outcome drive(boolean wait) {
        long started = System.nanoTime();
        boolean here = backend.mode() == Backend.Mode.EXECUTES;
        try (RunLock lock = RunLock.executor(run)) {
            startInOrder(here);
        } catch (StorageException full) {
            // what was written stays readable; what has no result yet runs on resume
            throw full.withFix("make room on that file system, then scatter resume " + run.spec().id());
        }
        RunStatus status = read();
        if (!status.finished() && !here) {
            if (wait || backend.mode() == Backend.Mode.SUBMITS_AND_STAYS) {
                listener.following(run);
                return follow();
            }
            return new Outcome.Submitted(run, status);
        }
        return new Outcome.Ended(run, status, Duration.ofNanos(System.nanoTime() - started));
    }

    private void startInOrder(boolean here) {
        run.latestAttempt(AttemptSpec.BEFORE).ifPresent(before -> backend.start(run, before, listener));
        if (here && read().heldByBefore()) {
            return;
        }
        for (AttemptDir attempt : run.attempts()) {
            if (!attempt.spec().isStep()) {
                backend.start(run, attempt, listener);
            }
        }
        planRest().ifPresent(rest -> backend.start(run, rest, listener));
        Optional<AttemptDir> then = run.latestAttempt(AttemptSpec.THEN);
        if (then.isPresent() && (!here || everyEntrySucceeded(read()))) {
            backend.start(run, then.get(), listener);
        }
    }

    /**
     * Looks at the run until every entry has a result ({@code scatter watch}), or until nothing is
     * left running the rest (stalled: the executor is gone). On a cluster, each look also submits
     * what waits: arrays a submit limit held back, and the entries after a {@code --task-time}
     * first wave.
     */
    Outcome.Followed follow() {
        return follow(Duration.ofNanos(Long.MAX_VALUE));
    }

    /** {@link #follow()}, giving up after {@code atMost}: the status it returns then is not finished. */
    Outcome.Followed follow(Duration atMost) {
        long started = System.nanoTime();
        long idleSince = 0;
        while (true) {
            if (backend.mode() != Backend.Mode.EXECUTES) {
                submitWaiting();
            }
            RunStatus status = read();
            listener.looked(status);
            if (status.finished()) {
                return new Outcome.Followed(run, status, false);
            }
            idleSince = nothingRunsTheRest(status) ? (idleSince == 0 ? System.nanoTime() : idleSince) : 0;
            if (idleSince != 0 && System.nanoTime() - idleSince > STALL_GRACE.toNanos()) {
                return new Outcome.Followed(run, status, true);
            }
            long left = atMost.toNanos() - (System.nanoTime() - started);
            if (left <= 0) {
                return new Outcome.Followed(run, status, false);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(backend.pollInterval().toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome.Followed(run, status, true);
            }
        }
    }

    /** Submits what waits, unless another scatter process drives the run (it submits then). */
    private void submitWaiting() {
        RunLock lock;
        try {
            lock = RunLock.executor(run);
        } catch (RunBusyException busy) {
            return;
        }
        try (lock) {
            for (AttemptDir attempt : run.attempts()) {
                backend.start(run, attempt, Backend.Progress.NONE);
            }
            planRest().ifPresent(rest -> backend.start(run, rest, Backend.Progress.NONE));
        }
    }

    /** With {@code --task-time}, once the first wave has ended: the attempt holding the other entries, written. */
    private Optional<AttemptDir> planRest() {
        if (run.spec().taskTime().isEmpty()) {
            return Optional.empty();   // nothing to plan: spare a cluster the status query
        }
        try (RunLock lock = RunLock.acquire(run, "planning the tasks after the first wave")) {
            return TaskSizing.rest(run, read()).map(a -> RetryPlanner.write(run, List.of(a), backend).get(0));
        }
    }

    private RunStatus read() {
        return StatusReader.read(run, backend.live(run));
    }

    private static boolean everyEntrySucceeded(RunStatus status) {
        return status.entries().stream().allMatch(e -> e.state() == EntryState.SUCCEEDED);
    }

    /** Nothing queued or running, yet entries wait: the local executor is gone and no leftover worker finishes anything. */
    private static boolean nothingRunsTheRest(RunStatus status) {
        return status.entries().stream().noneMatch(e -> e.state() == EntryState.RUNNING || e.state() == EntryState.QUEUED)
                && status.entries().stream().anyMatch(e -> e.state() == EntryState.PENDING || e.state() == EntryState.UNKNOWN);
    }
}
