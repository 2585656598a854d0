package dev.scatter.core.model;

/**
 * The status of many entries of one task, held once for all of them: the succeeded entries of a
 * summarized task ({@link TaskSummary}), or the entries of a task that has not begun ({@link WaitingTask}).
 */
public interface SharedStatus {

    /** The attempt of every entry it covers. */
    int attempt();

    /** Their task within it. */
    int task();

    /** The state every entry it covers is in. */
    EntryState state();

    /** The status of {@code entry}, one of the entries it covers. */
    EntryStatus of(int entry);
}
