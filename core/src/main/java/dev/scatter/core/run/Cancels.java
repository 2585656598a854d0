package dev.scatter.core.run;

import dev.scatter.core.UsageException;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.AttemptResults;
import dev.scatter.core.ledger.CancelledEntries;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RunStatus;
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
            Map<Integer, List<EntryStatus>> byAttempt = new TreeMap<>();
            int finished = 0;
            for (EntryStatus e : status.entries()) {
                if (wanted.isPresent() && !wanted.get().contains(e.entry())) {
                    continue;
                }
                if (e.state().isFinal()) {
                    finished++;
                } else {
                    byAttempt.computeIfAbsent(e.attempt(), a -> new ArrayList<>()).add(e);
                }
            }
            int cancelled = 0;
            List<EntryStatus> unplanned = byAttempt.remove(0);
            if (unplanned != null) {
                cancelled += cancelUnplanned(run, backend, status, unplanned);
            }
            for (Map.Entry<Integer, List<EntryStatus>> a : byAttempt.entrySet()) {
                AttemptDir attempt = run.attempt(a.getKey());
                CancelledEntries.append(attempt, a.getValue().stream().map(EntryStatus::entry).toList());
                Set<Integer> tasks = new TreeSet<>();
                a.getValue().forEach(e -> tasks.add(e.task()));
                backend.cancel(run, attempt, tasks);
                cancelled += a.getValue().size();
            }
            return new Cancelled(cancelled, finished);
        }
    }

    /**
     * Entries a {@code --task-time} first wave has not sized yet: written into an attempt of their
     * own and cancelled before it is submitted, so that no sizing job or follower plans them later;
     * with none left to size, the sizing job is cancelled too.
     */
    private static int cancelUnplanned(RunDir run, Backend backend, RunStatus status, List<EntryStatus> unplanned) {
        List<Integer> entries = unplanned.stream().map(EntryStatus::entry).toList();
        boolean allLeft = status.entries().stream().filter(e -> e.attempt() == 0).count() == entries.size();
        AttemptDir attempt = RetryPlanner.write(run, List.of(TaskSizing.cancelledBeforeSizing(run, entries, allLeft)), backend).get(0);
        CancelledEntries.append(attempt, entries);
        backend.cancel(run, attempt, Set.of(0));
        if (allLeft) {
            run.latestAttempt(AttemptSpec.SIZE).filter(size -> !AttemptResults.read(size).isSettled(0, 0))
                    .ifPresent(size -> backend.cancel(run, size, Set.of(0)));
        }
        return entries.size();
    }
}
