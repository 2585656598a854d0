package dev.scatter.core.run;

import dev.scatter.core.StorageException;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.ResultCache;
import dev.scatter.core.ledger.RunBusyException;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.plan.RetryPlanner;
import dev.scatter.core.plan.TaskSizing;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.LiveView;
import dev.scatter.core.status.BetweenPolls;
import dev.scatter.core.status.StatusReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

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
    /** The follower waits at least this many times what its last look cost: it uses at most 1/(1+N) of a core. */
    private static final long LOOK_SHARE = 4;

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
        LiveView live = backend.live(run);
        RunStatus status = StatusReader.read(run, live);
        if (!status.finished() && !here) {
            if (wait || backend.mode() == Backend.Mode.SUBMITS_AND_STAYS) {
                listener.following(run);
                return new Follower(Duration.ofNanos(Long.MAX_VALUE), live).follow();   // the next poll when it is due
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
        if (!here && !TaskSizing.sized(run)) {
            // the job that sizes and submits the rest once the first wave ended (SizingStep)
            run.latestAttempt(AttemptSpec.SIZE).ifPresent(size -> backend.start(run, size, listener));
        }
        Optional<AttemptDir> then = run.latestAttempt(AttemptSpec.THEN);
        if (then.isPresent() && (!here || everyEntrySucceeded(read()))) {
            backend.start(run, then.get(), listener);
        }
    }

    /**
     * Looks at the run until every entry has a result ({@code scatter watch}), or until nothing is
     * left running the rest (stalled: the executor is gone). On a cluster, each poll also submits
     * what waits: arrays a submit limit held back, and the entries after a {@code --task-time}
     * first wave.
     */
    Outcome.Followed follow() {
        return follow(Duration.ofNanos(Long.MAX_VALUE));
    }

    /** {@link #follow()}, giving up after {@code atMost}: the status it returns then is not finished. */
    Outcome.Followed follow(Duration atMost) {
        return new Follower(atMost, null).follow();
    }

    /**
     * One client following a run. Progress comes from the ledger: the tasks write their results to
     * the run directory, and every look reads again only what changed ({@link ResultCache}, its
     * interval growing with the files still open). The backend is asked only for what has no
     * result yet, at its own pace ({@link Backend#pollInterval()}: on a cluster the first poll
     * within seconds, then backing off to the site-friendly floor and beyond), and at once when the
     * ledger shows that what the last poll saw queued or running has all ended.
     */
    private final class Follower {

        private final long deadline;
        private final ResultCache ledger = new ResultCache();
        private LiveView view;
        private long nextPoll;
        private int settledAtPoll;
        /** Another scatter process held the executor lock at the last poll: it submits (the sizing job's resume). */
        private boolean drivenElsewhere;

        /** @param polled the backend's view just asked, or null to ask at the first look */
        Follower(Duration atMost, LiveView polled) {
            long now = System.nanoTime();
            this.deadline = atMost.toNanos() > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + atMost.toNanos();
            if (polled != null) {
                view = polled;
                nextPoll = now + backend.pollInterval().toNanos();
            }
        }

        Outcome.Followed follow() {
            long idleSince = 0;
            while (true) {
                long lookStart = System.nanoTime();
                RunStatus status = look();
                listener.looked(status);
                long lookCost = System.nanoTime() - lookStart;
                if (status.finished()) {
                    return new Outcome.Followed(run, status, false);
                }
                boolean idle = nothingRunsTheRest(status) && !drivenElsewhere && !sizingUnderway();
                if (idle && backend.mode() != Backend.Mode.EXECUTES) {
                    nextPoll = System.nanoTime();   // a cluster stalls on the scheduler's fresh word only, never on the last poll's
                }
                idleSince = idle ? (idleSince == 0 ? System.nanoTime() : idleSince) : 0;
                if (idleSince != 0 && System.nanoTime() - idleSince > STALL_GRACE.toNanos()) {
                    return new Outcome.Followed(run, status, true);
                }
                long now = System.nanoTime();
                if (now >= deadline) {
                    return new Outcome.Followed(run, status, false);
                }
                long wait = Math.min(ledger.lookInterval().toNanos(), Math.max(0, nextPoll - now));
                // a look at a large run costs real CPU (every entry's status): on a local run that is
                // taken from the tasks, so the follower looks at most a fifth of the time
                wait = Math.max(wait, LOOK_SHARE * lookCost);
                wait = Math.min(wait, deadline - now);
                try {
                    Thread.sleep(Math.max(1, wait / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Outcome.Followed(run, status, true);
                }
            }
        }

        /** Reads the ledger; polls the backend when due, or early when the last poll's view has nothing left to say. */
        private RunStatus look() {
            backend.refresh(run);   // a run on a cluster over SSH: what its tasks wrote there comes down
            if (view != null && System.nanoTime() < nextPoll) {
                RunStatus status = StatusReader.read(run, new BetweenPolls(view), ledger);
                if (!allSeenActiveEnded(status)) {
                    return status;
                }
            }
            view = backend.live(run);
            nextPoll = System.nanoTime() + backend.pollInterval().toNanos();
            RunStatus status = StatusReader.read(run, view, ledger);
            if (backend.mode() != Backend.Mode.EXECUTES) {
                Waiting waiting = submitWaiting(view);
                drivenElsewhere = waiting == Waiting.DRIVEN_ELSEWHERE;
                if (waiting == Waiting.SUBMITTED) {
                    status = StatusReader.read(run, view, ledger);
                }
            }
            settledAtPoll = settled(status);
            return status;
        }

        /**
         * The ledger shows more entries settled than at the last poll, and none queued or running
         * any more: whatever comes next (a wave to submit, a task that died without a word) needs
         * the backend now, not at the next poll.
         */
        private boolean allSeenActiveEnded(RunStatus status) {
            return !status.finished() && settled(status) > settledAtPoll
                    && status.active() == 0;
        }

        /**
         * The sizing job ({@code --task-time} on a cluster) is queued or running: the entries not
         * planned yet wait for it, and nothing has stalled (it may wait in the queue for long).
         */
        private boolean sizingUnderway() {
            if (view == null || run.spec().taskTime().isEmpty() || TaskSizing.sized(run)) {
                return false;
            }
            return run.latestAttempt(AttemptSpec.SIZE).map(size -> view.task(size.number(), 0, Optional.empty()).state())
                    .map(s -> s == EntryState.QUEUED || s == EntryState.RUNNING).orElse(false);
        }

        private static int settled(RunStatus status) {
            return status.ended();
        }
    }

    /** What {@link #submitWaiting} did. */
    private enum Waiting { SUBMITTED, NOTHING, DRIVEN_ELSEWHERE }

    /** Submits what waits, unless another scatter process drives the run (it submits then). */
    private Waiting submitWaiting(LiveView live) {
        RunLock lock;
        try {
            lock = RunLock.executor(run);
        } catch (RunBusyException busy) {
            return Waiting.DRIVEN_ELSEWHERE;
        }
        try (lock) {
            for (AttemptDir attempt : run.attempts()) {
                backend.start(run, attempt, Backend.Progress.NONE);
            }
            Optional<AttemptDir> rest = planRest(live);
            rest.ifPresent(a -> backend.start(run, a, Backend.Progress.NONE));
            return rest.isPresent() ? Waiting.SUBMITTED : Waiting.NOTHING;
        }
    }

    /** With {@code --task-time}, once the first wave has ended: the attempt holding the other entries, written. */
    private Optional<AttemptDir> planRest() {
        if (run.spec().taskTime().isEmpty()) {
            return Optional.empty();   // nothing to plan: spare a cluster the status query
        }
        return planRest(backend.live(run));
    }

    /** {@link #planRest()} with the backend's view of the unfinished tasks already at hand. */
    private Optional<AttemptDir> planRest(LiveView live) {
        if (run.spec().taskTime().isEmpty()) {
            return Optional.empty();
        }
        try (RunLock lock = RunLock.acquire(run, "planning the tasks after the first wave")) {
            // read under the lock: another process may have planned them since
            OptionalInt slots = backend.mode() == Backend.Mode.EXECUTES
                    ? backend.limits(run.spec().workdir(), run.initialAttempt().spec().resources()).slots() : OptionalInt.empty();
            Optional<AttemptDir> rest = TaskSizing.rest(run, StatusReader.read(run, live), slots)
                    .map(a -> RetryPlanner.write(run, List.of(a), backend).get(0));
            rest.flatMap(a -> TaskSizing.warning(run)).ifPresent(listener::warned);
            return rest;
        }
    }

    private RunStatus read() {
        return StatusReader.read(run, backend.live(run));
    }

    private static boolean everyEntrySucceeded(RunStatus status) {
        return status.count(EntryState.SUCCEEDED) == status.size();
    }

    /** Nothing queued or running, yet entries wait: the local executor is gone and no leftover worker finishes anything. */
    private static boolean nothingRunsTheRest(RunStatus status) {
        return status.active() == 0 && status.count(EntryState.PENDING) + status.count(EntryState.UNKNOWN) > 0;
    }
}
