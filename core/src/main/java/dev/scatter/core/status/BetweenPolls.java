package dev.scatter.core.status;

import dev.scatter.core.ledger.ResultFile;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.spi.LiveView;
import java.util.Optional;

/**
 * The last poll's answer, used while the ledger is read again and the scheduler is not: what the
 * ledger shows since (an entry began, ended) wins, and an entry that began after the poll saw its
 * task waiting is running now.
 */
public final class BetweenPolls implements LiveView {

    private final LiveView last;

    public BetweenPolls(LiveView last) {
        this.last = last;
    }

    @Override
    public TaskView task(int attempt, int task, Optional<ResultFile.Begin> begin) {
        TaskView v = last.task(attempt, task, begin);
        if (begin.isPresent() && (v.state() == EntryState.QUEUED || v.state() == EntryState.PENDING)) {
            return new TaskView(EntryState.RUNNING, "running on " + begin.get().host());
        }
        return v;
    }

    @Override
    public String note() {
        return last.note();
    }
}
