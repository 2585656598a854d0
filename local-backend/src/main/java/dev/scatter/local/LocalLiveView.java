package dev.scatter.local;

import dev.scatter.core.io.Json;
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

    static LocalLiveView of(RunDir run) {
        boolean alive = executorAlive(run);
        return new LocalLiveView(alive, run, alive ? whyQueued(run) : "");
    }

    /** Why a task waits for a slot, when the user's --max-running is what bounds the pool (executor.json). */
    private static String whyQueued(RunDir run) {
        try {
            var executor = Json.read(run.executorFile());
            String limitedBy = executor.path("limited_by").asText("");
            return limitedBy.startsWith("--max-running")
                    ? "held back by --max-running (" + executor.path("slots").asInt() + " at once)" : "";
        } catch (RuntimeException gone) {
            return "";   // the executor ended meanwhile
        }
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
        return executorAlive ? new TaskView(EntryState.QUEUED, queued)
                : new TaskView(EntryState.PENDING, "not started: no executor is running (scatter resume " + runId + ")");
    }
}
