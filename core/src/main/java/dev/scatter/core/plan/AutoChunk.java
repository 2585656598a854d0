package dev.scatter.core.plan;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.spi.Backend;
import java.nio.file.Path;

/**
 * {@code --chunk auto}: the smallest chunk that fits every task into a bounded number of arrays.
 * A task costs a scheduler a job record, a launch and a line in every status answer; an array
 * costs a submission, and more arrays weaken {@code --max-running}. Entries per task trade that
 * against parallelism, so auto takes the fewest entries per task that keep the run within
 * {@link #DEFAULT_MAX_ARRAYS} array(s): 2,000 entries under SLURM's MaxArraySize 1001 → chunk 2
 * (1,000 tasks); 100,000 → chunk 100; 800 → chunk 1.
 */
public final class AutoChunk {

    /** One array: one submission, one status line per task, --max-running exact. */
    public static final int DEFAULT_MAX_ARRAYS = 1;

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

    /** Tasks a run keeps at most where no scheduler limits arrays (the local machine): few enough that a task costs nothing. */
    public static final int LOCAL_TASKS = 1000;

    /** {@code --chunk auto} in a {@link dev.scatter.core.run.RunRequest}. */
    public static final int AUTO = 0;

    /**
     * The chunk for {@code entries} on {@code backend}: bounded by the scheduler's MaxArraySize on a
     * cluster (asked once: {@code scontrol show config}); {@link #LOCAL_TASKS} tasks at most elsewhere.
     */
    public static int forBackend(Backend backend, Path workdir, int entries) {
        if (backend instanceof GridBackend grid) {
            return smallest(entries, grid.readLimits(workdir).maxArraySize(), DEFAULT_MAX_ARRAYS);
        }
        return smallest(entries, LOCAL_TASKS, 1);
    }
}
