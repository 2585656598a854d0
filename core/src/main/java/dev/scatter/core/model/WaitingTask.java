package dev.scatter.core.model;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A task none of whose entries has begun: they all wait in the same state for the same reason (a
 * cluster's queue, a local pool's next free slot), or were all cancelled before it began, so a run
 * of a million queued or cancelled entries holds one of these a task, not a million statuses.
 */
public record WaitingTask(int attempt, int task, EntryState state, String detail) implements SharedStatus {

    @Override
    public EntryStatus of(int entry) {
        return new EntryStatus(entry, attempt, task, "", state, OptionalInt.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), "", detail);
    }
}
