package dev.scatter.core.grid;

import dev.scatter.core.BackendException;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.MeasuredUsage;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.TaskMeasurement;
import dev.scatter.core.spi.CommandResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Measures a run's ended tasks once: one {@link GridScheduler#usageCommand} for every array that
 * holds a task with its final records and no line in {@link MeasuredUsage} yet, and what it
 * answers appended there, so that the next {@code status --resources} asks only about tasks that
 * ended since. A task the scheduler still lists as running (accounting lags, fixtures trap 3) is
 * asked about again next time.
 */
final class GridUsage {

    /** A task to measure: its attempt and the array it ran in. */
    private record Wanted(AttemptDir attempt, Submissions.Array array, int task) {
        String key() {
            return array.id().orElseThrow() + "_" + (task - array.firstTask());
        }
    }

    private final GridScheduler scheduler;
    private final SchedulerCalls calls;

    GridUsage(GridScheduler scheduler, SchedulerCalls calls) {
        this.scheduler = scheduler;
        this.calls = calls;
    }

    /** Asks and records; returns why nothing could be asked or recorded, or empty when all went well. */
    Optional<String> measure(RunDir run, boolean accounting) {
        // said before the ledger is read: nothing will be asked however many tasks ended
        if (scheduler.usageCommand(List.of("0")).isEmpty()) {
            return Optional.of("peak memory not measured: " + scheduler.name() + " does not tell what tasks used"
                    + "; run and CPU times are the wrapper's own records");
        }
        if (!accounting) {
            return Optional.of("peak memory not measured: " + scheduler.withoutHistory()
                    + "; run and CPU times are the wrapper's own records");
        }
        List<Wanted> wanted = wanted(run);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        Set<String> ids = new LinkedHashSet<>();
        wanted.forEach(w -> ids.add(w.array().id().orElseThrow()));
        List<String> argv = scheduler.usageCommand(List.copyOf(ids));
        List<MeasuredTask> answer;
        try {
            CommandResult r = calls.retrying(argv, run.spec().workdir(), Math.min(3, calls.tuning().attempts()));
            answer = scheduler.parseUsage(r);
        } catch (SchedulerCalls.Unanswered e) {
            return Optional.of(argv.get(0) + " did not answer; usage not measured this time (" + e.last().strip().lines().findFirst().orElse("") + ")");
        } catch (BackendException e) {
            return Optional.of(e.getMessage());
        }
        Map<String, TaskMeasurement> byKey = new HashMap<>();
        answer.forEach(m -> byKey.put(m.arrayId() + "_" + m.index(), m.usage()));
        Map<AttemptDir, Map<Integer, TaskMeasurement>> found = new HashMap<>();
        for (Wanted w : wanted) {
            TaskMeasurement m = byKey.get(w.key());
            if (m != null) {
                found.computeIfAbsent(w.attempt(), a -> new TreeMap<>()).put(w.task(), m);
            }
        }
        found.forEach(MeasuredUsage::append);
        return Optional.empty();
    }

    /** Tasks of submitted arrays that have their final records and were not measured yet. */
    private static List<Wanted> wanted(RunDir run) {
        List<Wanted> out = new ArrayList<>();
        for (AttemptDir attempt : run.attempts()) {
            Submissions subs = Submissions.read(attempt);
            List<Submissions.Array> arrays = subs.with(Submissions.Status.SUBMITTED);
            if (arrays.isEmpty()) {
                continue;
            }
            AttemptSpec spec = attempt.spec();
            Set<Integer> measured = MeasuredUsage.read(attempt).keySet();
            for (Submissions.Array array : arrays) {
                for (int t = array.firstTask(); t <= array.lastTask(); t++) {
                    if (!measured.contains(t) && GridSubmitter.finished(attempt, spec, t)) {
                        out.add(new Wanted(attempt, array, t));
                    }
                }
            }
        }
        return out;
    }
}
