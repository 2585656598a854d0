package dev.scatter.local;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.AttemptResults;
import dev.scatter.core.ledger.ResultFile;
import dev.scatter.core.model.AttemptSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Workers left running by a killed client. When {@code scatter run} dies (kill -9), its workers
 * notice only when they next read their pipe: each finishes the task it holds, records it, and
 * exits. A resume must not start those entries a second time, so it waits for such workers first:
 * an entry begun without an end whose worker pid still runs this attempt's script.
 */
final class OrphanedTasks {

    private static final long POLL_MS = 200;

    private OrphanedTasks() {
    }

    static void awaitEnd(AttemptDir attempt, AttemptResults results) {
        Set<Long> pids = new HashSet<>();
        AttemptSpec spec = attempt.spec();
        for (int t = 0; t < spec.taskCount(); t++) {
            for (int e : spec.plan().task(t)) {
                if (results.ended(e).isEmpty()) {
                    results.begun(e).map(AttemptResults.Located::begin).map(ResultFile.Begin::pid)
                            .filter(pid -> runsScript(pid, attempt.script())).ifPresent(pids::add);
                }
            }
        }
        while (!pids.isEmpty()) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pids.removeIf(pid -> !runsScript(pid, attempt.script()));
        }
    }

    /** True when {@code pid} is alive and is bash running {@code script} (pids are reused). */
    static boolean runsScript(long pid, Path script) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return false;
        }
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
            return cmdline.contains(script.toString());
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
