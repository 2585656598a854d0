package dev.scatter.core.model;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every entry's status, in input order, plus the counts per state, and the status of the run's
 * steps ({@code before}, {@code then}: the latest attempt of each), keyed by kind.
 */
public record RunStatus(RunSpec spec, int attempts, int tasks, List<EntryStatus> entries, Map<String, EntryStatus> steps,
                        String note) {

    public java.util.Optional<EntryStatus> step(String kind) {
        return java.util.Optional.ofNullable(steps.get(kind));
    }

    /** The before step failed: the entries will not start until it is retried. */
    public boolean heldByBefore() {
        return step("before").map(s -> s.state().isFailure()).orElse(false);
    }

    public Map<EntryState, Integer> counts() {
        Map<EntryState, Integer> counts = new EnumMap<>(EntryState.class);
        for (EntryStatus e : entries) {
            counts.merge(e.state(), 1, Integer::sum);
        }
        return counts;
    }

    public int count(EntryState state) {
        return counts().getOrDefault(state, 0);
    }

    /** Nothing more will happen without the user: every entry and step has a result, or a step failed. */
    public boolean finished() {
        if (heldByBefore()) {
            return true;
        }
        boolean entriesDone = entries.stream().allMatch(e -> e.state().isFinal());
        boolean entriesOk = entries.stream().allMatch(e -> e.state() == EntryState.SUCCEEDED);
        return entriesDone && (!entriesOk || step("then").map(s -> s.state().isFinal()).orElse(true));
    }

    /** Every entry and every step succeeded. */
    public boolean allSucceeded() {
        return entries.stream().allMatch(e -> e.state() == EntryState.SUCCEEDED)
                && steps.values().stream().allMatch(s -> s.state() == EntryState.SUCCEEDED);
    }

    public List<EntryStatus> failures() {
        return entries.stream().filter(e -> e.state().isFailure()).toList();
    }

    public EntryStatus entry(int number) {
        return entries.get(number - 1);
    }
}
