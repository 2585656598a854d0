package dev.scatter.core.plan;

import dev.scatter.core.UsageException;
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
        entries = List.copyOf(entries);
        checkChunk(chunk);
    }

    public static void checkChunk(int chunk) {
        if (chunk < 1) {
            throw new UsageException("--chunk " + chunk + " is not a chunk size: give at least 1 entry per task");
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
