package dev.scatter.core.status;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.AttemptResults;
import dev.scatter.core.ledger.ResultCache;
import dev.scatter.core.ledger.ResultFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.spi.LiveView;
import dev.scatter.core.verdict.ExitStatus;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Computes every entry's status from the ledger: for each entry its latest attempt decides; within
 * it the wrapper's E record decides (exit code), then an outside end (X/K records), then the user's
 * cancel, then the backend's {@link LiveView} for what the ledger cannot know yet.
 */
public final class StatusReader {

    private StatusReader() {
    }

    public static RunStatus read(RunDir run, LiveView live) {
        return read(run, live, null);
    }

    /**
     * {@link #read(RunDir, LiveView)} for a client that looks again and again: result files are
     * read through {@code cache}, and the tasks and attempts found settled are marked so, never to
     * be read again.
     */
    public static RunStatus read(RunDir run, LiveView live, ResultCache cache) {
        return read(run, live, cache, every -> { });
    }

    /**
     * {@link #read(RunDir, LiveView, ResultCache)} that also hands {@code everyAttempt} the status of
     * each entry in every attempt that holds it (not only the latest), and of each step: what a
     * timeline of the whole run is drawn from.
     */
    public static RunStatus read(RunDir run, LiveView live, ResultCache cache, Consumer<EntryStatus> everyAttempt) {
        if (cache != null) {
            cache.beginLook();
        }
        int n = run.spec().entryCount();
        EntryStatus[] latest = new EntryStatus[n];
        List<AttemptDir> attempts = run.attempts();
        Map<String, EntryStatus> steps = new LinkedHashMap<>();
        int tasks = 0;
        for (AttemptDir attempt : attempts) {
            AttemptSpec spec = attempt.spec();
            if (spec.reason().equals(AttemptSpec.SIZE)) {
                continue;   // the sizing job is no entry and no step of the user's: TaskSizing.describe tells of it
            }
            AttemptResults results = cache == null ? AttemptResults.read(attempt) : AttemptResults.read(attempt, cache);
            if (spec.isStep()) {
                EntryStatus step = entryStatus(attempt.number(), 0, 0, results, live, new LiveView.TaskView[1]);
                steps.put(spec.reason(), step);
                everyAttempt.accept(step);
                continue;
            }
            tasks += spec.taskCount();
            boolean attemptSettled = true;
            for (int t = 0; t < spec.taskCount(); t++) {
                LiveView.TaskView[] notBegun = new LiveView.TaskView[1];   // one question per task
                boolean taskSettled = true;
                for (int entry : spec.plan().task(t)) {
                    latest[entry - 1] = entryStatus(attempt.number(), t, entry, results, live, notBegun);
                    everyAttempt.accept(latest[entry - 1]);
                    taskSettled &= results.isSettled(entry, t) && !awaitsKillNotice(results, entry, t);
                }
                if (taskSettled && cache != null) {
                    cache.settle(attempt, t);
                }
                attemptSettled &= taskSettled;
            }
            if (attemptSettled && cache != null) {
                cache.settle(attempt, results);
            }
        }
        for (int i = 0; i < n; i++) {
            if (latest[i] == null) {   // not planned yet: --task-time waits for its first wave
                latest[i] = new EntryStatus(i + 1, 0, -1, "", EntryState.PENDING, OptionalInt.empty(),
                        OptionalDouble.empty(), OptionalDouble.empty(), "", "waits for the first wave to size the tasks");
            }
        }
        return new RunStatus(run.spec(), attempts.size(), tasks, Arrays.asList(latest), steps, live.note());
    }

    /**
     * An entry killed by SIGKILL may still be judged out of memory: a cluster's poll appends the
     * scheduler's notice to its task's file after the fact, so that file is not settled yet.
     */
    private static boolean awaitsKillNotice(AttemptResults results, int entry, int task) {
        return results.ended(entry).map(e -> e.exitCode() == 128 + 9).orElse(false) && results.killed(entry, task).isEmpty();
    }

    private static EntryStatus entryStatus(int attempt, int task, int entry, AttemptResults results, LiveView live,
                                           LiveView.TaskView[] notBegun) {
        var located = results.begun(entry);
        ResultFile.Begin b = located.map(AttemptResults.Located::begin).orElse(null);
        String stem = located.map(AttemptResults.Located::stem).orElse("");
        OptionalDouble start = b == null ? OptionalDouble.empty() : OptionalDouble.of(b.start());
        String host = b == null ? "" : b.host();
        var end = results.ended(entry);
        if (end.isPresent()) {
            int code = end.get().exitCode();
            // Killed by SIGKILL in a task the scheduler says it killed for memory (a cgroup OOM kill
            // of the command alone, or slurmstepd reaching the command before the wrapper): the entry
            // ran out of memory; its own exit status is kept.
            var kill = results.killed(entry, task);
            if (code == 128 + 9 && kill.isPresent() && kill.get().state() == EntryState.OUT_OF_MEMORY) {
                return new EntryStatus(entry, attempt, task, stem, EntryState.OUT_OF_MEMORY, OptionalInt.of(code), start,
                        OptionalDouble.of(end.get().end()), host, kill.get().detail() + " (" + ExitStatus.describe(code) + ")",
                        end.get().cpuSeconds());
            }
            // Stopped by the signal a cancel sends (scancel and qdel send SIGTERM, then SIGKILL): the
            // wrapper records the command's death before its own TERM trap runs; the user's cancel is
            // what happened to it, not a failure of its own.
            if ((code == 128 + 15 || code == 128 + 9) && results.isCancelled(entry)) {
                return new EntryStatus(entry, attempt, task, stem, EntryState.CANCELLED, OptionalInt.of(code), start,
                        OptionalDouble.of(end.get().end()), host, "cancelled by the user (" + ExitStatus.describe(code) + ")",
                        end.get().cpuSeconds());
            }
            return new EntryStatus(entry, attempt, task, stem, code == 0 ? EntryState.SUCCEEDED : EntryState.FAILED,
                    OptionalInt.of(code), start, OptionalDouble.of(end.get().end()), host,
                    code == 0 ? "" : ExitStatus.describe(code), end.get().cpuSeconds());
        }
        var kill = results.killed(entry, task);
        if (kill.isPresent()) {
            ResultFile.Kill k = kill.get();
            return new EntryStatus(entry, attempt, task, stem, k.state(), OptionalInt.empty(), start,
                    b == null ? OptionalDouble.empty() : OptionalDouble.of(k.time()), host,
                    b == null ? k.detail() + " (before this entry began)" : k.detail());
        }
        if (results.isCancelled(entry)) {
            return new EntryStatus(entry, attempt, task, stem, EntryState.CANCELLED, OptionalInt.empty(), start,
                    OptionalDouble.empty(), host, "cancelled by the user");
        }
        LiveView.TaskView view;
        if (b != null) {
            view = live.task(attempt, task, java.util.Optional.of(b));
        } else {
            if (notBegun[0] == null) {
                notBegun[0] = live.task(attempt, task, java.util.Optional.empty());
            }
            view = notBegun[0];
        }
        return new EntryStatus(entry, attempt, task, stem, view.state(), OptionalInt.empty(), start,
                OptionalDouble.empty(), host, view.detail());
    }
}
