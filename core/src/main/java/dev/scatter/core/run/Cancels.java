package dev.scatter.core.run;

import dev.scatter.core.UsageException;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.AttemptResults;
import dev.scatter.core.ledger.CancelledEntries;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryRanges;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.model.SharedStatus;
import dev.scatter.core.plan.RetryPlanner;
import dev.scatter.core.plan.TaskSizing;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code scatter cancel}: under the run lock, the entries to stop are listed in their attempt's
 * {@code cancelled} file first (so they read CANCELLED whatever the backend manages), then the
 * backend stops their tasks. Entries that already have a result keep it.
 */
final class Cancels {

    private Cancels() {
    }

    static Cancelled cancel(RunDir run, Backend backend, Optional<Set<Integer>> wanted) {
        int n = run.spec().entryCount();
        wanted.ifPresent(w -> w.stream().filter(e -> e < 1 || e > n).findFirst().ifPresent(e -> {
            throw new UsageException("entry " + e + " is not in this run: it has entries 1 to " + n);
        }));
        try (RunLock lock = RunLock.acquire(run, "cancel")) {
            RunStatus status = StatusReader.read(run, backend.live(run));
            // per attempt: its entries to cancel (walked in input order, so ranges as they come) and their tasks
            Map<Integer, EntryRanges.Builder> entriesByAttempt = new TreeMap<>();
            Map<Integer, Set<Integer>> tasksByAttempt = new TreeMap<>();
            List<Integer> unplanned = new ArrayList<>();
            int finished = 0;
            int cancelled = 0;
            for (int entry = 1; entry <= n; entry++) {
                if (wanted.isPresent() && !wanted.get().contains(entry)) {
                    continue;
                }
                // a task's shared status (not begun, or summarized) answers without an object per entry
                SharedStatus shared = status.shared(entry);
                EntryStatus own = shared == null ? status.entry(entry) : null;
                EntryState state = shared != null ? shared.state() : own.state();
                int attempt = shared != null ? shared.attempt() : own.attempt();
                if (state.isFinal()) {
                    finished++;
                } else if (attempt == 0) {
                    unplanned.add(entry);
                } else {
                    entriesByAttempt.computeIfAbsent(attempt, a -> new EntryRanges.Builder()).add(entry, entry);
                    tasksByAttempt.computeIfAbsent(attempt, a -> new TreeSet<>())
                            .add(shared != null ? shared.task() : own.task());
                    cancelled++;
                }
            }
            if (!unplanned.isEmpty()) {
                cancelled += cancelUnplanned(run, backend, status, unplanned);
            }
            for (Map.Entry<Integer, EntryRanges.Builder> a : entriesByAttempt.entrySet()) {
                AttemptDir attempt = run.attempt(a.getKey());
                CancelledEntries.append(attempt, a.getValue().build());
                backend.cancel(run, attempt, tasksByAttempt.get(a.getKey()));
            }
            return new Cancelled(cancelled, finished);
        }
    }

    /**
     * Entries a {@code --task-time} first wave has not sized yet: written into an attempt of their
     * own and cancelled before it is submitted, so that no sizing job or follower plans them later;
     * with none left to size, the sizing job is cancelled too.
     */
    private static int cancelUnplanned(RunDir run, Backend backend, RunStatus status, List<Integer> entries) {
        boolean allLeft = status.entries().stream().filter(e -> e.attempt() == 0).count() == entries.size();
        AttemptDir attempt = RetryPlanner.write(run, List.of(TaskSizing.cancelledBeforeSizing(run, entries, allLeft)), backend).get(0);
        CancelledEntries.append(attempt, EntryRanges.of(entries));
        backend.cancel(run, attempt, Set.of(0));
        if (allLeft) {
            run.latestAttempt(AttemptSpec.SIZE).filter(size -> !AttemptResults.read(size).isSettled(0, 0))
                    .ifPresent(size -> backend.cancel(run, size, Set.of(0)));
        }
        return entries.size();
    }
}
