package dev.scatter.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.BackendException;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.CommandsFile;
import dev.scatter.core.ledger.Json;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.TaskResults;
import dev.scatter.core.resources.Resources;
import dev.scatter.core.run.AttemptSpec;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.EntryState;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an attempt's unfinished tasks on this machine with one {@link Worker} per pool slot, and
 * enforces each task's time and memory limits. Records what it ends from outside as K records in
 * the task's result file (TIMEOUT, OUT_OF_MEMORY, CANCELLED, LOST), after the worker is dead, so
 * the file has a single writer at any time.
 */
final class LocalExecutor {

    private static final long WATCH_INTERVAL_MS = 200;

    private final RunDir run;
    private final AttemptDir attempt;
    private final LocalMachine machine;
    private final Backend.Progress progress;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Slot> slots = new ArrayList<>();

    LocalExecutor(RunDir run, AttemptDir attempt, LocalMachine machine, Backend.Progress progress) {
        this.run = run;
        this.attempt = attempt;
        this.machine = machine;
        this.progress = progress;
    }

    void execute() {
        AttemptSpec spec = attempt.spec();
        ConcurrentLinkedQueue<Integer> todo = new ConcurrentLinkedQueue<>();
        for (int t = 0; t < spec.taskCount(); t++) {
            if (!unfinished(t, spec).isEmpty()) {
                todo.add(t);
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        Map<Integer, String> commands = CommandsFile.read(attempt);
        LocalPool pool = LocalPool.size(machine, spec.resources(), todo.size());
        Thread hook = new Thread(this::interrupted, "scatter-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scatter-watchdog");
            t.setDaemon(true);
            return t;
        });
        writeExecutorFile(pool);
        try {
            List<Thread> threads = new ArrayList<>();
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            for (int s = 0; s < pool.slots(); s++) {
                Slot slot = new Slot(s, slotEnvironment(s, spec.resources()));
                slots.add(slot);
                Thread thread = new Thread(() -> {
                    try {
                        slot.work(todo, spec, commands);
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                        stopping.set(true);
                    }
                }, "scatter-slot-" + s);
                threads.add(thread);
                thread.start();
            }
            watchdog.scheduleWithFixedDelay(() -> enforceLimits(spec.resources()), WATCH_INTERVAL_MS, WATCH_INTERVAL_MS,
                    TimeUnit.MILLISECONDS);
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            interrupted();
        } finally {
            watchdog.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running: it cleans up
            }
            deleteExecutorFile();
        }
    }

    /** Entries of task {@code t} with no result yet (no E record, and the task not ended from outside). */
    private List<Integer> unfinished(int t, AttemptSpec spec) {
        TaskResults results = TaskResults.read(attempt.results(t));
        if (results.kill().isPresent()) {
            return List.of();
        }
        return spec.plan().task(t).stream().filter(e -> !results.ended().containsKey(e)).toList();
    }

    private Map<String, String> slotEnvironment(int slot, Resources r) {
        Map<String, String> env = new HashMap<>();
        env.put("SCATTER_SLOT", Integer.toString(slot));
        if (r.gpus() > 0) {
            List<String> ids = machine.gpus().subList(slot * r.gpus(), (slot + 1) * r.gpus());
            env.put("CUDA_VISIBLE_DEVICES", String.join(",", ids));
        }
        return env;
    }

    /** Kills tasks over their time or memory limit; the slot's thread records why. */
    private void enforceLimits(Resources r) {
        for (Slot slot : slots) {
            Worker w = slot.worker;
            if (w == null || w.currentTask() < 0) {
                continue;
            }
            if (r.time().isPresent() && w.runningNanos() > r.time().get().duration().toNanos()) {
                slot.kill(EntryState.TIMEOUT, "time limit " + r.time().get().slurm() + " exceeded");
            } else if (r.memory().isPresent()) {
                long rss = ProcessTreeMemory.residentBytes(w.handle());
                if (rss > r.memory().get().bytes()) {
                    slot.kill(EntryState.OUT_OF_MEMORY, "memory limit " + r.memory().get() + " exceeded (resident "
                            + (rss >> 20) + "M)");
                }
            }
        }
    }

    /** Ctrl-C or SIGTERM of the executor: end every running task and record it as cancelled. */
    private void interrupted() {
        if (stopping.getAndSet(true)) {
            return;
        }
        for (Slot slot : slots) {
            slot.kill(EntryState.CANCELLED, "interrupted: the executor was stopped (Ctrl-C or SIGTERM)");
        }
        for (Slot slot : slots) {
            slot.awaitRecorded();
        }
        deleteExecutorFile();
    }

    private void writeExecutorFile(LocalPool pool) {
        ObjectNode o = Json.object();
        ProcessHandle self = ProcessHandle.current();
        o.put("pid", self.pid());
        o.put("started", self.info().startInstant().map(Object::toString).orElse(""));
        o.put("attempt", attempt.number());
        o.put("slots", pool.slots());
        o.put("limited_by", pool.limitedBy());
        Json.write(run.executorFile(), o);
    }

    private void deleteExecutorFile() {
        try {
            Files.deleteIfExists(run.executorFile());
        } catch (IOException ignored) {
            // a stale file is recognised by its dead pid
        }
    }

    /** One pool slot: a worker, restarted when a task kills it. */
    private final class Slot {
        private final int index;
        private final Map<String, String> env;
        private volatile Worker worker;
        private final AtomicReference<TaskResults.Kill> killedFor = new AtomicReference<>();
        private final Object recorded = new Object();
        private volatile boolean busy;

        Slot(int index, Map<String, String> env) {
            this.index = index;
            this.env = env;
        }

        void work(ConcurrentLinkedQueue<Integer> todo, AttemptSpec spec, Map<Integer, String> commands) {
            try {
                Integer task;
                while (!stopping.get() && (task = todo.poll()) != null) {
                    List<Integer> entries = unfinished(task, spec);
                    if (entries.isEmpty()) {
                        continue;
                    }
                    List<byte[]> records = new ArrayList<>(entries.size());
                    for (int e : entries) {
                        records.add(CommandsFile.record(e, commands.get(e)));
                    }
                    runTask(task, records);
                }
            } catch (IOException e) {
                throw new BackendException("[local] cannot run bash for " + attempt.script() + ": " + e.getMessage(), e);
            } finally {
                if (worker != null) {
                    worker.close();
                }
            }
        }

        private void runTask(int task, List<byte[]> records) throws IOException {
            if (worker == null || !worker.isAlive()) {
                worker = Worker.start(attempt.script(), attempt.root().resolve("worker-" + index + ".log"), env);
            }
            busy = true;
            killedFor.set(null);
            boolean done = worker.run(task, records);
            if (!done) {
                TaskResults.Kill why = killedFor.get();
                int status = -1;
                try {
                    status = worker.exitStatus();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (why == null) {
                    TaskResults.appendKill(attempt.results(task), EntryState.LOST,
                            "the task's shell died unexpectedly (exit status " + status + ")");
                } else {
                    TaskResults.appendKill(attempt.results(task), why.state(), why.detail());
                }
                worker = null;
            }
            synchronized (recorded) {
                busy = false;
                recorded.notifyAll();
            }
            TaskResults results = TaskResults.read(attempt.results(task));
            int ok = (int) results.ended().values().stream().filter(e -> e.exitCode() == 0).count();
            progress.taskFinished(attempt.number(), task, ok, results.ended().size() - ok);
        }

        void kill(EntryState state, String detail) {
            Worker w = worker;
            if (w != null && w.currentTask() >= 0 && killedFor.compareAndSet(null, new TaskResults.Kill(state, 0, detail))) {
                w.kill();
            }
        }

        void awaitRecorded() {
            synchronized (recorded) {
                long deadline = System.currentTimeMillis() + 5000;
                while (busy && System.currentTimeMillis() < deadline) {
                    try {
                        recorded.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }
}
