package dev.scatter.core.status;

import dev.scatter.core.run.RunSpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every entry's status, in input order, plus the counts per state. */
public record RunStatus(RunSpec spec, int attempts, int tasks, List<EntryStatus> entries, String note) {

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

    public boolean finished() {
        return entries.stream().allMatch(e -> e.state().isFinal());
    }

    public boolean allSucceeded() {
        return entries.stream().allMatch(e -> e.state() == EntryState.SUCCEEDED);
    }

    public List<EntryStatus> failures() {
        return entries.stream().filter(e -> e.state().isFailure()).toList();
    }

    public EntryStatus entry(int number) {
        return entries.get(number - 1);
    }
}
