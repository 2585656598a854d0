package dev.scatter.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.ledger.Json;
import dev.scatter.core.ledger.ResultFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.status.EntryState;
import dev.scatter.core.status.LiveView;
import java.nio.file.Files;
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

    /** True when executor.json names a live process that started when the file says (pids get reused). */
    static boolean executorAlive(RunDir run) {
        if (!Files.isRegularFile(run.executorFile())) {
            return false;
        }
        ObjectNode o;
        try {
            o = Json.read(run.executorFile());
        } catch (RuntimeException e) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(o.path("pid").asLong());
        return p.isPresent() && p.get().isAlive()
                && p.get().info().startInstant().map(Object::toString).orElse("").equals(o.path("started").asText());
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
