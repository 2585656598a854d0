package dev.scatter.core.model;

import java.time.Instant;

/**
 * One attempt of a run: the initial one holds every entry; a retry holds the entries it re-runs; a
 * step ({@code --before}, {@code --then}) holds the step's one command as entry 0. Written as
 * {@code attempts/N/attempt.json}, the last file of the attempt (its commit point).
 *
 * @param reason {@code initial}, {@code retry}, {@code before} or {@code then}
 */
public record AttemptSpec(int number, Instant created, String reason, Resources resources, Plan plan) {

    public static final String BEFORE = "before";
    public static final String THEN = "then";

    /** True for a {@code --before} or {@code --then} step. */
    public boolean isStep() {
        return reason.equals(BEFORE) || reason.equals(THEN);
    }

    public int taskCount() {
        return plan.taskCount();
    }
}
