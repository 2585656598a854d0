package dev.scatter.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.ledger.Json;
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
    private final String runId;

    private LocalLiveView(boolean executorAlive, String runId) {
        this.executorAlive = executorAlive;
        this.runId = runId;
    }

    static LocalLiveView of(RunDir run) {
        return new LocalLiveView(executorAlive(run), run.spec().id());
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
    public TaskView task(int attempt, int task, boolean begun) {
        if (executorAlive) {
            return begun ? new TaskView(EntryState.RUNNING, "") : new TaskView(EntryState.QUEUED, "");
        }
        return begun
                ? new TaskView(EntryState.LOST, "its executor stopped while it ran (client killed?)")
                : new TaskView(EntryState.PENDING, "not started: no executor is running");
    }

    @Override
    public String note() {
        return executorAlive ? "" : "";
    }
}
