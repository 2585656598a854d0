package dev.scatter.core.status;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.AttemptResults;
import dev.scatter.core.ledger.CancelledEntries;
import dev.scatter.core.ledger.ResultCache;
import dev.scatter.core.ledger.ResultFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.TaskSummaries;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryRanges;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.model.SharedStatus;
import dev.scatter.core.model.TaskSummary;
import dev.scatter.core.model.WaitingTask;
import dev.scatter.core.spi.LiveView;
import dev.scatter.core.verdict.ExitStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Computes every entry's status from the ledger: for each entry its latest attempt decides; within
 * it the wrapper's E record decides (exit code), then an outside end (X/K records), then the user's
 * cancel, then the backend's {@link LiveView} for what the ledger cannot know yet.
 */
public final class StatusReader {

    private StatusReader() {
    }

    public static RunStatus read(RunDir run, LiveView live) {
        return read(run, live, null, EveryAttempt.NONE, true);
    }

    /**
     * {@link #read(RunDir, LiveView)} for a client that looks again and again: result files are
     * read through {@code cache}, and the tasks and attempts found settled are marked so, never to
     * be read again.
     */
    public static RunStatus read(RunDir run, LiveView live, ResultCache cache) {
        return read(run, live, cache, EveryAttempt.NONE, true);
    }

    /**
     * Every entry from its own records, with its own start, end and CPU time (a summarized task's
     * succeeded entries carry their task's span instead: {@link TaskSummary}): for what is listed
     * per entry, not counted or drawn.
     */
    public static RunStatus readInFull(RunDir run, LiveView live) {
        return read(run, live, null, EveryAttempt.NONE, false);
    }

    /**
     * {@link #read(RunDir, LiveView)} that also hands {@code everyAttempt} each task of every
     * attempt (not only each entry's latest) and each step, as it reads them: what a timeline of the
     * whole run is drawn from, in memory O(tasks).
     */
    public static RunStatus read(RunDir run, LiveView live, EveryAttempt everyAttempt) {
        return read(run, live, null, everyAttempt, true);
    }

    /**
     * With {@code summarize}, a settled task is read from its summary ({@link TaskSummaries}),
     * written here the first time it is found settled; without, from its records.
     */
    private static RunStatus read(RunDir run, LiveView live, ResultCache cache, EveryAttempt each, boolean summarize) {
        if (cache != null) {
            cache.beginLook();
        }
        int n = run.spec().entryCount();
        EntryStatus[] detailed = new EntryStatus[n];
        SharedStatus[] shared = new SharedStatus[n];
        List<AttemptDir> attempts = run.attempts();
        Map<String, EntryStatus> steps = new LinkedHashMap<>();
        int tasks = 0;
        for (AttemptDir attempt : attempts) {
            AttemptSpec spec = attempt.spec();
            if (spec.reason().equals(AttemptSpec.SIZE)) {
                continue;   // the sizing job is no entry and no step of the user's: TaskSizing.describe tells of it
            }
            if (spec.isStep()) {
                AttemptResults results = AttemptResults.read(attempt, stems(attempt, cache), cache);
                EntryStatus step = entryStatus(attempt.number(), 0, 0, results, live, new LiveView.TaskView[1]);
                steps.put(spec.reason(), step);
                each.entry(step);
                continue;
            }
            tasks += spec.taskCount();
            Map<Integer, TaskSummary> known = summarize ? summaries(attempt, cache) : Map.of();
            TaskResults byTask = known.size() == spec.taskCount() ? null : new TaskResults(attempt, cache);
            List<TaskSummary> fresh = new ArrayList<>();
            boolean attemptSettled = true;
            for (int t = 0; t < spec.taskCount(); t++) {
                List<Integer> entries = spec.plan().task(t);
                TaskSummary summary = known.get(t);
                if (summary != null) {
                    apply(summary, entries, detailed, shared);
                    each.summarized(summary);
                    continue;
                }
                AttemptResults results = byTask.of(t);
                if (nothingRecorded(results, entries, t)) {   // one status for all its entries
                    LiveView.TaskView view = live.task(attempt.number(), t, Optional.empty());
                    WaitingTask waiting = new WaitingTask(attempt.number(), t, view.state(), view.detail());
                    for (int entry : entries) {   // nothing to draw: no entry began
                        detailed[entry - 1] = null;
                        shared[entry - 1] = waiting;
                    }
                    attemptSettled = false;
                    continue;
                }
                if (cancelledBeforeItBegan(results, entries, t)) {   // one status for all its entries, as while it waited
                    WaitingTask cancelled = new WaitingTask(attempt.number(), t, EntryState.CANCELLED, CANCELLED_BY_USER);
                    for (int entry : entries) {
                        detailed[entry - 1] = null;
                        shared[entry - 1] = cancelled;
                    }
                    if (cache != null) {
                        cache.settle(attempt, t);
                    }
                    continue;
                }
                LiveView.TaskView[] notBegun = new LiveView.TaskView[1];   // one question per task
                boolean taskSettled = true;
                boolean taskFinal = true;
                for (int entry : entries) {
                    EntryStatus e = entryStatus(attempt.number(), t, entry, results, live, notBegun);
                    detailed[entry - 1] = e;
                    shared[entry - 1] = null;
                    each.entry(e);
                    taskSettled &= results.isSettled(entry, t) && !awaitsKillNotice(results, entry, t);
                    taskFinal &= isFinal(results, entry, t);
                }
                if (taskSettled && cache != null) {
                    cache.settle(attempt, t);
                }
                if (summarize && taskSettled && taskFinal) {
                    summary = TaskSummary.of(attempt.number(), t, entries.stream().map(entry -> detailed[entry - 1]).toList());
                    fresh.add(summary);
                    apply(summary, entries, detailed, shared);   // its entries' statuses need not be held
                }
                attemptSettled &= taskSettled;
            }
            if (!fresh.isEmpty()) {
                TaskSummaries.append(attempt, fresh);
                if (cache != null) {
                    cache.summarized(attempt, fresh);
                }
            }
            if (attemptSettled && cache != null && byTask != null) {
                byTask.settled();
            }
        }
        return new RunStatus(run.spec(), attempts.size(), tasks, detailed, shared, steps, live.note());
    }

    private static Map<Integer, TaskSummary> summaries(AttemptDir attempt, ResultCache cache) {
        return cache == null ? TaskSummaries.read(attempt) : cache.summaries(attempt);
    }

    /**
     * The summary of one task whose entries all have their final record in {@code results} (the
     * records a local worker wrote for the task it just ran), or empty when one has not.
     */
    public static Optional<TaskSummary> summarize(AttemptDir attempt, int task, AttemptResults results) {
        List<EntryStatus> statuses = new ArrayList<>();
        for (int entry : attempt.spec().plan().task(task)) {
            if (!isFinal(results, entry, task) || awaitsKillNotice(results, entry, task)) {
                return Optional.empty();
            }
            statuses.add(entryStatus(attempt.number(), task, entry, results, FINAL_ONLY, new LiveView.TaskView[1]));
        }
        return Optional.of(TaskSummary.of(attempt.number(), task, statuses));
    }

    /** A final entry's status never asks the backend. */
    private static final LiveView FINAL_ONLY = (attempt, task, begin) -> {
        throw new IllegalStateException("attempt " + attempt + " task " + task + " has an entry without its final record");
    };

    /** Entries of a summarized task: its succeeded ones are the summary, the others each their own status. */
    private static void apply(TaskSummary summary, List<Integer> entries, EntryStatus[] detailed, SharedStatus[] shared) {
        for (int entry : entries) {
            detailed[entry - 1] = null;
            shared[entry - 1] = summary;
        }
        for (EntryStatus other : summary.others()) {
            detailed[other.entry() - 1] = other;
            shared[other.entry() - 1] = null;
        }
    }

    /** No entry of the task has a record of any kind: none began, and nothing ended or cancelled them. */
    private static boolean nothingRecorded(AttemptResults results, List<Integer> entries, int task) {
        for (int entry : entries) {
            if (results.begun(entry).isPresent() || results.isSettled(entry, task)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every entry of the task was cancelled by the user, and none has a record of its own or of its
     * task: a cancelled task that had not begun (the whole rest of a cancelled run).
     */
    private static boolean cancelledBeforeItBegan(AttemptResults results, List<Integer> entries, int task) {
        for (int entry : entries) {
            if (!results.isCancelled(entry) || results.begun(entry).isPresent() || results.ended(entry).isPresent()
                    || results.killed(entry, task).isPresent()) {
                return false;
            }
        }
        return true;
    }

    private static final String CANCELLED_BY_USER = "cancelled by the user";

    private static List<String> stems(AttemptDir attempt, ResultCache cache) {
        if (cache != null) {
            cache.listed();
        }
        return AttemptResults.stems(attempt);
    }

    /**
     * The records of one attempt's tasks not summarized yet. Where every task writes its own file
     * (a cluster's {@code tasks/T.res}), each task is read alone when its turn comes, so a status
     * holds one task's records at a time; else (a local worker's file holds many tasks) the
     * attempt's files are read together, once.
     */
    private static final class TaskResults {
        private final AttemptDir attempt;
        private final ResultCache cache;
        private final EntryRanges cancelled;
        private final AttemptResults merged;

        TaskResults(AttemptDir attempt, ResultCache cache) {
            this.attempt = attempt;
            this.cache = cache;
            AttemptResults settled = cache == null ? null : cache.settled(attempt).orElse(null);
            List<String> stems = settled != null ? List.of() : stems(attempt, cache);
            boolean perTask = settled == null && !stems.isEmpty() && stems.stream().allMatch(StatusReader::isTaskNumber);
            this.cancelled = perTask ? CancelledEntries.read(attempt) : EntryRanges.NONE;
            this.merged = settled != null ? settled : perTask ? null : AttemptResults.read(attempt, stems, cache);
        }

        AttemptResults of(int task) {
            return merged != null ? merged : AttemptResults.readTask(attempt, task, cancelled, cache);
        }

        /** Every entry of the attempt is settled: its files will not change any more. */
        void settled() {
            if (merged != null) {
                cache.settle(attempt, merged);
            }
        }
    }

    private static boolean isTaskNumber(String stem) {
        return !stem.isEmpty() && stem.length() < 10 && stem.chars().allMatch(Character::isDigit);
    }

    /**
     * The entry's state in this attempt can change no more: it ended with its own record, or was
     * ended from outside. (A cancelled entry without either may still end on its own.)
     */
    private static boolean isFinal(AttemptResults results, int entry, int task) {
        return results.ended(entry).isPresent() || results.killed(entry, task).isPresent();
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
                    OptionalDouble.empty(), host, CANCELLED_BY_USER);
        }
        LiveView.TaskView view;
        if (b != null) {
            view = live.task(attempt, task, Optional.of(b));
        } else {
            if (notBegun[0] == null) {
                notBegun[0] = live.task(attempt, task, Optional.empty());
            }
            view = notBegun[0];
        }
        return new EntryStatus(entry, attempt, task, stem, view.state(), OptionalInt.empty(), start,
                OptionalDouble.empty(), host, view.detail());
    }
}
