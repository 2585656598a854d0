package dev.scatter.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
    private final String queued;

    private LocalLiveView(boolean executorAlive, RunDir run, String queued) {
        this.executorAlive = executorAlive;
        this.run = run;
        this.runId = run.spec().id();
        this.queued = queued;
    }

    /** One read of executor.json: whether an executor lives, and how its pool is bounded. */
    static LocalLiveView of(RunDir run) {
        Optional<ObjectNode> executor = ProcessMarker.alive(run.executorFile());
        return new LocalLiveView(executor.isPresent(), run, executor.map(LocalLiveView::whyQueued).orElse(""));
    }

    /** Why a task waits for a slot, when the user's --max-running is what bounds the pool. */
    private static String whyQueued(ObjectNode executor) {
        String limitedBy = executor.path("limited_by").asText("");
        return limitedBy.startsWith("--max-running")
                ? "held back by --max-running (" + executor.path("slots").asInt() + " at once)" : "";
    }

    @Override
    public TaskView task(int attempt, int task, Optional<ResultFile.Begin> begin) {
        if (begin.isPresent()) {
            if (executorAlive || OrphanedTasks.runsScript(begin.get().pid(), run.attempt(attempt).script())) {
                return new TaskView(EntryState.RUNNING, executorAlive ? "" : "finishing in a worker its killed executor left");
            }
            return new TaskView(EntryState.LOST, "its executor stopped while it ran: scatter resume " + runId + " runs it again");
        }
        return executorAlive ? new TaskView(EntryState.QUEUED, queued)
                : new TaskView(EntryState.PENDING, "not started: no executor is running (scatter resume " + runId + ")");
    }
}
