package dev.scatter.local;

import dev.scatter.core.io.ProcessMarker;
import dev.scatter.core.ledger.ResultFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.spi.LiveView;
import java.util.Optional;

/**
 * Status of a local run's unfinished entries: while its executor process lives they are queued or
 * running; once it is gone, an entry that began without ending is LOST and the rest are PENDING
 * until {@code scatter resume}.
 */
final class LocalLiveView implements LiveView {

    private final boolean executorAlive;
    private final RunDir run;
    private final String runId;

    private LocalLiveView(boolean executorAlive, RunDir run) {
        this.executorAlive = executorAlive;
        this.run = run;
        this.runId = run.spec().id();
    }

    static LocalLiveView of(RunDir run) {
        return new LocalLiveView(executorAlive(run), run);
    }

    static boolean executorAlive(RunDir run) {
        return ProcessMarker.isAlive(run.executorFile());
    }

    @Override
    public TaskView task(int attempt, int task, Optional<ResultFile.Begin> begin) {
        if (begin.isPresent()) {
            if (executorAlive || OrphanedTasks.runsScript(begin.get().pid(), run.attempt(attempt).script())) {
                return new TaskView(EntryState.RUNNING, executorAlive ? "" : "finishing in a worker its killed executor left");
            }
            return new TaskView(EntryState.LOST, "its executor stopped while it ran: scatter resume " + runId + " runs it again");
        }
        return executorAlive ? new TaskView(EntryState.QUEUED, "")
                : new TaskView(EntryState.PENDING, "not started: no executor is running (scatter resume " + runId + ")");
    }
}
