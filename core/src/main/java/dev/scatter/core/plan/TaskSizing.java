package dev.scatter.core.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.io.Json;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.Plan;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.model.TimeLimit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --task-time}: tasks of about a given duration. The run's first attempt is a first wave of
 * {@link #FIRST_WAVE} entries, one per task; once they have all ended, the median runtime of those
 * that succeeded gives the chunk for the rest: {@code max(1, floor(task time ÷ median))}. The
 * decision is kept in {@code sizing.json} and shown by status.
 */
public final class TaskSizing {

    public static final int FIRST_WAVE = 20;

    private TaskSizing() {
    }

    public static Path file(RunDir run) {
        return run.root().resolve("sizing.json");
    }

    /**
     * The attempt holding the entries not planned yet, once the first wave has ended; empty
     * before that, or when nothing is left to plan.
     */
    public static Optional<AttemptSpec> rest(RunDir run, RunStatus status) {
        Optional<TimeLimit> target = run.spec().taskTime();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> unplanned = new ArrayList<>();
        List<Double> runtimes = new ArrayList<>();
        for (EntryStatus e : status.entries()) {
            if (e.attempt() == 0) {
                unplanned.add(e.entry());
            } else if (!e.state().isFinal()) {
                return Optional.empty();   // the first wave is still running
            } else if (e.state() == EntryState.SUCCEEDED && e.start().isPresent() && e.end().isPresent()) {
                runtimes.add(e.end().getAsDouble() - e.start().getAsDouble());
            }
        }
        if (unplanned.isEmpty()) {
            return Optional.empty();
        }
        runtimes.sort(null);
        double median = runtimes.isEmpty() ? 0 : runtimes.get(runtimes.size() / 2);
        int chunk = median <= 0 ? 1 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(target.get().seconds() / median)));
        ObjectNode o = Json.object();
        o.put("first_wave_entries", status.entries().size() - unplanned.size());
        o.put("succeeded_in_first_wave", runtimes.size());
        o.put("median_entry_seconds", median);
        o.put("task_time_seconds", target.get().seconds());
        o.put("chunk", chunk);
        Json.write(file(run), o);
        AttemptSpec initial = run.initialAttempt().spec();
        return Optional.of(new AttemptSpec(run.attempts().size() + 1, Instant.now(), "sized", initial.resources(),
                new Plan(unplanned, chunk)));
    }

    /** What status says about the sizing, or empty when the run has no {@code --task-time}. */
    public static Optional<String> describe(RunDir run) {
        if (run.spec().taskTime().isEmpty()) {
            return Optional.empty();
        }
        if (!file(run).toFile().isFile()) {
            return Optional.of("--task-time " + run.spec().taskTime().get().slurm() + ": a first wave of up to "
                    + FIRST_WAVE + " entries, one per task, measures the entries; the rest are planned after it");
        }
        ObjectNode o = Json.read(file(run));
        return Optional.of(String.format("--task-time %s: the first wave's median entry took %.2f s, so the other entries"
                        + " run %d per task", run.spec().taskTime().get().slurm(), o.path("median_entry_seconds").asDouble(),
                o.path("chunk").asInt()));
    }
}
