package dev.scatter.core.model;

import java.util.List;

/**
 * How an attempt's entries are cut into tasks: consecutive chunks of {@code chunk} entries, in the
 * attempt's order. Task {@code t} holds positions {@code [t*chunk, min((t+1)*chunk, n))}.
 *
 * @param entries the entry numbers of the attempt, in order (1..n for the first attempt)
 * @param chunk   entries per task, at least 1
 */
public record Plan(List<Integer> entries, int chunk) {

    public Plan {
        entries = IntList.copyOf(entries);
        if (chunk < 1) {
            throw new IllegalArgumentException("a chunk holds at least 1 entry: " + chunk);
        }
    }

    public int taskCount() {
        return (entries.size() + chunk - 1) / chunk;
    }

    public int entryCount() {
        return entries.size();
    }

    /** Entry numbers of task {@code t}. */
    public List<Integer> task(int t) {
        int from = t * chunk;
        return entries.subList(from, Math.min(from + chunk, entries.size()));
    }
}
