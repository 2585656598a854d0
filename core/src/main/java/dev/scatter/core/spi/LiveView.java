package dev.scatter.core.spi;

import dev.scatter.core.model.EntryState;

/**
 * What a backend knows now about the tasks the ledger has no final word on. The ledger's records
 * decide everything they cover; this view only says whether an unfinished task is still queued,
 * running, or gone (and why).
 */
public interface LiveView {

    /**
     * @param begin the wrapper's begin record for an entry begun and not ended, or empty for the
     *              task's entries that have not begun
     * @return the state of that entry (or of those entries)
     */
    TaskView task(int attempt, int task, java.util.Optional<dev.scatter.core.ledger.ResultFile.Begin> begin);

    /** A note for the whole run (e.g. "no executor is running: scatter resume 3"), or empty. */
    default String note() {
        return "";
    }

    /** The state of a task's unfinished entries and why. */
    record TaskView(EntryState state, String detail) {
    }
}
