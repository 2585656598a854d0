package dev.scatter.core.status;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.TaskResults;
import dev.scatter.core.run.AttemptSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Computes every entry's status from the ledger: for each entry its latest attempt decides; within
 * it the wrapper's records decide (E: exit code), then the task's K record (ended from outside),
 * then the backend's {@link LiveView} for what the ledger cannot know yet.
 */
public final class StatusReader {

    private StatusReader() {
    }

    public static RunStatus read(RunDir run, LiveView live) {
        int n = run.spec().entryCount();
        EntryStatus[] latest = new EntryStatus[n];
        List<AttemptDir> attempts = run.attempts();
        int tasks = 0;
        for (AttemptDir attempt : attempts) {
            AttemptSpec spec = attempt.spec();
            tasks += spec.taskCount();
            for (int t = 0; t < spec.taskCount(); t++) {
                for (EntryStatus s : taskStatus(attempt, t, spec.plan().task(t), live)) {
                    latest[s.entry() - 1] = s;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            if (latest[i] == null) {   // only while a run is being created
                latest[i] = new EntryStatus(i + 1, 0, -1, EntryState.PENDING, OptionalInt.empty(),
                        OptionalDouble.empty(), OptionalDouble.empty(), "", "");
            }
        }
        return new RunStatus(run.spec(), attempts.size(), tasks, Arrays.asList(latest), live.note());
    }

    /** The status of each entry of one task. */
    public static List<EntryStatus> taskStatus(AttemptDir attempt, int task, List<Integer> entries, LiveView live) {
        TaskResults results = TaskResults.read(attempt.results(task));
        LiveView.TaskView[] views = new LiveView.TaskView[2];   // for entries not begun / begun
        List<EntryStatus> out = new ArrayList<>(entries.size());
        for (int entry : entries) {
            TaskResults.Begin b = results.begun().get(entry);
            TaskResults.End e = results.ended().get(entry);
            OptionalDouble start = b == null ? OptionalDouble.empty() : OptionalDouble.of(b.start());
            String host = b == null ? "" : b.host();
            EntryState state;
            String detail = "";
            OptionalInt exit = OptionalInt.empty();
            OptionalDouble end = OptionalDouble.empty();
            if (e != null) {
                exit = OptionalInt.of(e.exitCode());
                end = OptionalDouble.of(e.end());
                state = e.exitCode() == 0 ? EntryState.SUCCEEDED : EntryState.FAILED;
                if (e.exitCode() != 0) {
                    detail = ExitStatus.describe(e.exitCode());
                }
                // Killed by SIGKILL in a task the scheduler says it killed for memory (a cgroup OOM
                // kill of the command alone, or slurmstepd reaching the command before the wrapper):
                // the entry ran out of memory; its own exit status is kept.
                if (e.exitCode() == 128 + 9 && results.kill().map(k -> k.state() == EntryState.OUT_OF_MEMORY).orElse(false)) {
                    state = EntryState.OUT_OF_MEMORY;
                    detail = results.kill().get().detail() + " (" + detail + ")";
                }
            } else if (results.kill().isPresent()) {
                TaskResults.Kill k = results.kill().get();
                state = k.state();
                detail = b == null ? k.detail() + " (before this entry began)" : k.detail();
                end = b == null ? OptionalDouble.empty() : OptionalDouble.of(k.time());
            } else {
                int i = b == null ? 0 : 1;
                if (views[i] == null) {
                    views[i] = live.task(attempt.number(), task, b != null);
                }
                state = views[i].state();
                detail = views[i].detail();
            }
            out.add(new EntryStatus(entry, attempt.number(), task, state, exit, start, end, host, detail));
        }
        return out;
    }
}
