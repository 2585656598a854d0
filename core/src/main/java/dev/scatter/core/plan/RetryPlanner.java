package dev.scatter.core.plan;

import dev.scatter.core.UsageException;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.CommandLookup;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.Plan;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.spi.Backend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Plans a retry: new attempts holding only the entries that did not succeed, re-chunked, with the
 * user's resource overrides; with escalation, OUT_OF_MEMORY entries get twice the memory and
 * TIMEOUT entries twice the time of the attempt they failed in. Entries that end up with different
 * resources go into different attempts (one attempt, one resource request, one set of arrays).
 */
public final class RetryPlanner {

    /** What {@code scatter retry} retries when not told otherwise. */
    public static final Set<EntryState> DEFAULT_STATES = EnumSet.of(EntryState.FAILED, EntryState.TIMEOUT,
            EntryState.OUT_OF_MEMORY, EntryState.CANCELLED, EntryState.LOST);

    private RetryPlanner() {
    }

    /** The attempts a retry would create; empty when nothing is to retry. Writes nothing. */
    public static List<AttemptSpec> plan(RunDir run, RunStatus status, Predicate<EntryStatus> selects, Set<EntryState> states,
                                         UnaryOperator<Resources> overrides, boolean escalate, int chunk) {
        Map<Resources, List<Integer>> groups = new LinkedHashMap<>();
        Map<Integer, Resources> attemptResources = new LinkedHashMap<>();
        List<String> cannotEscalate = new ArrayList<>();
        for (EntryStatus e : status.entries()) {
            if (!selects.test(e)) {
                continue;
            }
            Resources base = attemptResources.computeIfAbsent(e.attempt(), a -> run.attempt(a).spec().resources());
            Resources r = base;
            if (escalate && e.state() == EntryState.OUT_OF_MEMORY) {
                if (base.memory().isPresent()) {
                    r = r.withMemory(base.memory().get().times(2));
                } else {
                    cannotEscalate.add("--mem");
                }
            }
            if (escalate && e.state() == EntryState.TIMEOUT) {
                if (base.time().isPresent()) {
                    r = r.withTime(base.time().get().times(2));
                } else {
                    cannotEscalate.add("--time");
                }
            }
            groups.computeIfAbsent(overrides.apply(r), k -> new ArrayList<>()).add(e.entry());
        }
        if (!cannotEscalate.isEmpty()) {
            String option = cannotEscalate.get(0);
            throw new UsageException("--escalate cannot double " + option + ": the failed attempt had no " + option
                    + " (the scheduler's default applied); give one, e.g. scatter retry " + option
                    + (option.equals("--mem") ? " 8G" : " 2:00:00"));
        }
        List<AttemptSpec> attempts = new ArrayList<>();
        int next = run.attempts().size() + 1;
        // a failed step runs again too: the before step first, so that the entries it holds back can start
        for (Map.Entry<String, EntryStatus> step : status.steps().entrySet()) {
            if (states.contains(step.getValue().state())) {
                Resources base = run.attempt(step.getValue().attempt()).spec().resources();
                attempts.add(new AttemptSpec(next++, Instant.now(), step.getKey(), overrides.apply(base), new Plan(List.of(0), 1)));
            }
        }
        for (Map.Entry<Resources, List<Integer>> g : groups.entrySet()) {
            attempts.add(new AttemptSpec(next++, Instant.now(), "retry", g.getKey(), new Plan(g.getValue(), chunk)));
        }
        // the then step waits for the new arrays: a fresh one, unless it already succeeded or runs again anyway
        var then = status.step(AttemptSpec.THEN);
        if (!groups.isEmpty() && then.isPresent() && then.get().state() != EntryState.SUCCEEDED
                && attempts.stream().noneMatch(a -> a.reason().equals(AttemptSpec.THEN))) {
            Resources base = run.attempt(then.get().attempt()).spec().resources();
            attempts.add(new AttemptSpec(next, Instant.now(), AttemptSpec.THEN, base, new Plan(List.of(0), 1)));
        }
        return attempts;
    }

    /** Writes planned attempts into the ledger (each attempt.json last); the caller holds the run lock. */
    public static List<AttemptDir> write(RunDir run, List<AttemptSpec> attempts, Backend backend) {
        // the commands these attempts hold, found where the first attempt wrote them and read as each is
        // written: a retry of most of a million entries holds their offsets, not their commands
        BitSet held = new BitSet();
        attempts.stream().filter(a -> !a.isStep()).forEach(a -> a.plan().entries().forEach(held::set));
        try (CommandLookup commands = held.isEmpty() ? null
                : CommandLookup.open(run.initialAttempt(), run.spec().entryCount(), held::get)) {
            List<AttemptDir> written = new ArrayList<>();
            for (AttemptSpec a : attempts) {
                String step = a.isStep() ? (a.reason().equals(AttemptSpec.BEFORE) ? run.spec().before() : run.spec().then()).orElseThrow() : null;
                written.add(AttemptWriter.write(run, run.spec(), a, e -> step != null ? step : commands.apply(e), backend));
            }
            return written;
        }
    }
}
