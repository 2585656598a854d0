package dev.scatter.core.plan;

import dev.scatter.core.model.ChunkSize;
import dev.scatter.core.spi.BackendLimits;

/**
 * {@code --chunk auto}: the smallest chunk that keeps a run both within a bounded number of arrays
 * and to a few tasks per slot. A task costs a scheduler a job record, a launch and a line in every
 * status answer; an array costs a submission, and more arrays weaken {@code --max-running}. So auto
 * takes the fewest entries per task that keep the run within {@link #DEFAULT_MAX_ARRAYS} array(s)
 * and within {@link #TASKS_PER_SLOT} tasks per slot that can run at once (when the backend knows
 * its capacity): 2,000 entries on 8 cores → 63 per task (32 tasks); on a 10,000-core cluster
 * under MaxArraySize 1001 → 2 per task.
 */
public final class AutoChunk {

    /** One array: one submission, one status line per task, --max-running exact. */
    public static final int DEFAULT_MAX_ARRAYS = 1;

    /** Tasks per slot: enough to even out entries of unequal length, few enough to cost nothing. */
    public static final int TASKS_PER_SLOT = 4;

    private AutoChunk() {
    }

    /** The smallest chunk with {@code ceil(entries / chunk) <= maxArraySize * maxArrays}. */
    public static int smallest(int entries, int maxArraySize, int maxArrays) {
        if (entries <= 0) {
            return 1;
        }
        long capacity = (long) maxArraySize * Math.max(1, maxArrays);
        return (int) Math.max(1, (entries + capacity - 1) / capacity);
    }

    /** The entries per task for {@code entries} on a backend with {@code limits}. */
    public static int chunk(int entries, BackendLimits limits) {
        int chunk = 1;
        if (limits.maxArraySize().isPresent()) {
            chunk = smallest(entries, limits.maxArraySize().getAsInt(), DEFAULT_MAX_ARRAYS);
        }
        if (limits.slots().isPresent() && limits.slots().getAsInt() > 0) {
            chunk = Math.max(chunk, smallest(entries, limits.slots().getAsInt() * TASKS_PER_SLOT, 1));
        }
        return chunk;
    }

    /** {@code size} as a number of entries; {@code limits} are asked only for {@code auto}. */
    public static int resolve(ChunkSize size, int entries, java.util.function.Supplier<BackendLimits> limits) {
        return size instanceof ChunkSize.Fixed fixed ? fixed.entries() : chunk(entries, limits.get());
    }
}
