package dev.scatter.core.status;

import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.TaskSummary;

/**
 * What {@link StatusReader} hands over of every attempt as it reads the ledger, not only of each
 * entry's latest: what a timeline of the whole run is drawn from ({@code report}). A settled task
 * comes as its summary, once; every other task as its entries, one by one.
 */
public interface EveryAttempt {

    /** Hears nothing. */
    EveryAttempt NONE = new EveryAttempt() {
        @Override
        public void entry(EntryStatus e) {
        }

        @Override
        public void summarized(TaskSummary s) {
        }
    };

    /** An entry of an attempt that began or ended (or a step), from its records. */
    void entry(EntryStatus e);

    /** A settled task of an attempt, from its summary: its {@code others} come with it, not to {@link #entry}. */
    void summarized(TaskSummary s);
}
