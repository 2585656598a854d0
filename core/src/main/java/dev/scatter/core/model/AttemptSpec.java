package dev.scatter.core.model;

import java.time.Instant;

/**
 * One attempt of a run: the initial one holds every entry; a retry holds the entries it re-runs; a
 * step ({@code --before}, {@code --then}, and the sizing job of {@code --task-time} on a cluster)
 * holds the step's one command as entry 0. Written as
 * {@code attempts/N/attempt.json}, the last file of the attempt (its commit point).
 *
 * @param reason {@code initial}, {@code retry}, {@code sized} (the entries after a {@code --task-time}
 *               first wave), {@code before}, {@code then} or {@code size}
 */
public record AttemptSpec(int number, Instant created, String reason, Resources resources, Plan plan) {

    public static final String BEFORE = "before";
    public static final String THEN = "then";
    /** The job that sizes and submits the entries after a {@code --task-time} first wave (a cluster's). */
    public static final String SIZE = "size";

    /** True for a {@code --before} or {@code --then} step, or the sizing job. */
    public boolean isStep() {
        return reason.equals(BEFORE) || reason.equals(THEN) || reason.equals(SIZE);
    }

    public int taskCount() {
        return plan.taskCount();
    }
}
