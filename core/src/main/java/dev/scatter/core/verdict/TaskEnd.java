package dev.scatter.core.verdict;

/**
 * How a scheduler says a task ended, read through its state table, for {@link VerdictPolicy}.
 *
 * @param state      the neutral state the table gives ({@code TIMEOUT}, {@code FAILED}, {@code LOST}…)
 * @param words      the table's words for it ("killed by PBS over its walltime", "its node failed"), or empty
 * @param code       the scheduler's own code, as messages quote it: {@code " (FAILED 0:9)"}, {@code " (Exit_status -29)"}, or empty
 * @param exitStatus the task's exit status, 0 when the scheduler does not say
 */
public record TaskEnd(dev.scatter.core.model.EntryState state, String words, String code, int exitStatus) {
}
