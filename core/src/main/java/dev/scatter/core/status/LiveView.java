package dev.scatter.core.status;

/**
 * What a backend knows now about the tasks the ledger has no final word on. The ledger's records
 * decide everything they cover; this view only says whether an unfinished task is still queued,
 * running, or gone (and why).
 */
public interface LiveView {

    /**
     * @param begun true for the entry the wrapper recorded as begun (and not ended), false for the
     *              task's entries that have not begun
     * @return the state of those entries
     */
    TaskView task(int attempt, int task, boolean begun);

    /** A note for the whole run (e.g. "no executor is running: scatter resume 3"), or empty. */
    default String note() {
        return "";
    }

    /** The state of a task's unfinished entries and why. */
    record TaskView(EntryState state, String detail) {
    }
}
