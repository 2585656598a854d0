package dev.scatter.core.spi;

import java.util.OptionalInt;

/**
 * What a backend can take, as far as it knows: what {@code --chunk auto} sizes tasks by.
 *
 * @param maxArraySize tasks per array, when a scheduler bounds it (SLURM {@code MaxArraySize}, PBS {@code max_array_size})
 * @param slots        tasks that can run at once with the requested resources (this machine's pool; a
 *                     cluster's cpus ÷ cpus per task), when known
 */
public record BackendLimits(OptionalInt maxArraySize, OptionalInt slots) {

    /** Nothing known: every task may go in one array, and no slot count bounds the chunk. */
    public static final BackendLimits UNKNOWN = new BackendLimits(OptionalInt.empty(), OptionalInt.empty());
}
