package dev.scatter.core.plan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.io.Json;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.AttemptResults;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.Durations;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.Plan;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.model.TimeLimit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code --task-time}: tasks of about a given duration. The run's first attempt is a first wave of
 * {@link #FIRST_WAVE} entries, one per task; once they have all ended, the rest is planned in one
 * attempt, sized from the wave's measured times:
 * <ul>
 *   <li>an entry counts as the wave's 90th percentile of succeeded entries' run times (the spread of
 *       the wave is the margin: a median would let every other task run over);</li>
 *   <li>a task holds {@code floor(budget ÷ that)} entries, at least one, where the budget is the
 *       target and, with {@code -t}, at most 80 % of the time limit (the rest is the task's own
 *       start, the wrapper's bookkeeping, and a node slower than the wave's);</li>
 *   <li>on this machine, never fewer tasks than twice the pool's slots while there are enough
 *       entries (one long task per slot would leave slots idle at the end);</li>
 *   <li>each sized task gets a time limit on the scheduler: {@code -t} when given, else twice the
 *       larger of the target and the task's entries at the wave's slowest, at least 5 minutes, so
 *       no partition default cuts a task short;</li>
 *   <li>an entry that alone took longer than {@code -t} in the wave is said before the rest is
 *       submitted: those will time out.</li>
 * </ul>
 * The decision is kept in {@code sizing.json} and shown by status. On a cluster, a sizing job
 * ({@link SizingStep}) does the planning when the wave has ended, with nobody watching.
 */
public final class TaskSizing {

    public static final int FIRST_WAVE = 20;
    private static final double PERCENTILE = 0.9;
    private static final double LIMIT_SHARE = 0.8;
    private static final Duration MIN_LIMIT = Duration.ofMinutes(5);

    private TaskSizing() {
    }

    public static Path file(RunDir run) {
        return run.root().resolve("sizing.json");
    }

    /** True once the rest has been planned. */
    public static boolean sized(RunDir run) {
        return Files.isRegularFile(file(run));
    }

    /**
     * The attempt holding the entries not planned yet, once the first wave has ended; empty
     * before that, or when nothing is left to plan.
     *
     * @param slots the pool's slots when the run executes on this machine, else empty
     */
    public static Optional<AttemptSpec> rest(RunDir run, RunStatus status, OptionalInt slots) {
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
        double entry = runtimes.isEmpty() ? 0 : runtimes.get((int) Math.ceil(PERCENTILE * runtimes.size()) - 1);
        double slowest = runtimes.isEmpty() ? 0 : runtimes.get(runtimes.size() - 1);
        Resources initial = run.initialAttempt().spec().resources();
        Optional<TimeLimit> limit = initial.time();
        double budget = target.get().seconds();
        if (limit.isPresent()) {
            budget = Math.min(budget, LIMIT_SHARE * limit.get().seconds());
        }
        int chunk = entry <= 0 ? 1 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.floor(budget / entry)));
        if (slots.isPresent() && slots.getAsInt() > 0) {
            chunk = Math.max(1, Math.min(chunk, (int) Math.ceil(unplanned.size() / (2.0 * slots.getAsInt()))));
        }
        int perTask = chunk;
        TimeLimit taskLimit = limit.orElseGet(() -> new TimeLimit(Duration.ofSeconds(Math.max(MIN_LIMIT.toSeconds(),
                (long) Math.ceil(2 * Math.max(target.get().seconds(), perTask * slowest))))));
        String warning = limit.isPresent() && slowest > limit.get().seconds()
                ? String.format("an entry of the first wave took %s, longer than -t %s: entries like it will time out"
                        + " (scatter retry %s --escalate doubles their time)", Durations.hms(Math.round(slowest)),
                        limit.get().slurm(), run.spec().id())
                : "";
        ObjectNode o = Json.object();
        o.put("first_wave_entries", status.entries().size() - unplanned.size());
        o.put("succeeded_in_first_wave", runtimes.size());
        o.put("entry_seconds_p90", entry);
        o.put("entry_seconds_max", slowest);
        o.put("task_time_seconds", target.get().seconds());
        o.put("chunk", chunk);
        o.put("time_limit", taskLimit.slurm());
        if (!warning.isEmpty()) {
            o.put("warning", warning);
        }
        Json.write(file(run), o);
        return Optional.of(new AttemptSpec(run.attempts().size() + 1, Instant.now(), "sized", initial.withTime(taskLimit),
                new Plan(unplanned, chunk)));
    }

    /**
     * Entries cancelled before the first wave sized them: an attempt of their own, one task, to be
     * cancelled before it is submitted, so that nothing plans them later. When they are all the
     * entries left unplanned, {@code sizing.json} records that the sizing will not happen.
     */
    public static AttemptSpec cancelledBeforeSizing(RunDir run, List<Integer> entries, boolean allLeft) {
        if (allLeft) {
            ObjectNode o = Json.object();
            o.put("cancelled_before_sizing", entries.size());
            Json.write(file(run), o);
        }
        return new AttemptSpec(run.attempts().size() + 1, Instant.now(), "sized", run.initialAttempt().spec().resources(),
                new Plan(entries, entries.size()));
    }

    /** What the sizing said the user should know (an entry longer than {@code -t}), or empty. */
    public static Optional<String> warning(RunDir run) {
        if (!sized(run)) {
            return Optional.empty();
        }
        String w = Json.read(file(run)).path("warning").asText("");
        return w.isEmpty() ? Optional.empty() : Optional.of(w);
    }

    /** What status says about the sizing, or empty when the run has no {@code --task-time}. */
    public static Optional<String> describe(RunDir run) {
        if (run.spec().taskTime().isEmpty()) {
            return Optional.empty();
        }
        String option = "--task-time " + run.spec().taskTime().get().slurm();
        if (!sized(run)) {
            return Optional.of(option + ": a first wave of up to " + FIRST_WAVE + " entries, one per task, measures the entries; "
                    + whoPlansTheRest(run));
        }
        ObjectNode o = Json.read(file(run));
        if (o.has("cancelled_before_sizing")) {
            return Optional.of(option + ": the " + o.path("cancelled_before_sizing").asInt()
                    + " entries after the first wave were cancelled before they were sized");
        }
        String w = o.path("warning").asText("");
        return Optional.of(String.format("%s: the first wave's entries took up to %.2f s (90th percentile), so the other"
                        + " entries run %d per task, each with a time limit of %s", option, o.path("entry_seconds_p90").asDouble(),
                o.path("chunk").asInt(), o.path("time_limit").asText("?")) + (w.isEmpty() ? "" : "; " + w));
    }

    private static String whoPlansTheRest(RunDir run) {
        String id = run.spec().id();
        Optional<AttemptDir> size = run.latestAttempt(AttemptSpec.SIZE);
        if (size.isEmpty()) {
            return "the rest are planned once it has ended, by the client following the run (this machine's executor,"
                    + " scatter watch " + id + " or scatter resume " + id + ")";
        }
        AttemptResults r = AttemptResults.read(size.get());
        String output = run.root().relativize(size.get().tasksDir()).toString();
        if (r.ended(0).isPresent()) {
            int code = r.ended(0).get().exitCode();
            return code == 0 ? "the sizing job ended without planning the rest: scatter resume " + id + " plans them"
                    : "the sizing job failed (exit " + code + "; its output is in " + output
                    + "): scatter resume " + id + " plans the rest";
        }
        if (r.killed(0, 0).isPresent()) {
            return "the sizing job ended without a word (" + r.killed(0, 0).get().detail() + "): scatter resume " + id
                    + " plans the rest";
        }
        return "a sizing job (attempt " + size.get().number() + ") plans and submits the rest once it has ended,"
                + " with nobody watching";
    }
}
