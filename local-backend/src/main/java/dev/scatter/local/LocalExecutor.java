package dev.scatter.local;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scatter.core.BackendException;
import dev.scatter.core.io.Json;
import dev.scatter.core.io.ProcessMarker;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.AttemptResults;
import dev.scatter.core.ledger.CancelledEntries;
import dev.scatter.core.ledger.CommandsFile;
import dev.scatter.core.ledger.ResultFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.TaskSummaries;
import dev.scatter.core.ledger.TaskUsage;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryRanges;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.Resources;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.status.StatusReader;
import dev.scatter.core.verdict.Verdict;
import dev.scatter.core.verdict.VerdictPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an attempt's unsettled entries on this machine with one {@link Worker} per pool slot, and
 * enforces each task's time and memory limits and the user's cancellations.
 *
 * <p>What it ends from outside it records as X records in the worker's result file, after the worker
 * is dead, so each file has one writer at a time: a task over its time or memory → its unfinished
 * entries TIMEOUT / OUT_OF_MEMORY; a worker that died → the entry it was running LOST, the rest of
 * the task queued again; Ctrl-C → the running entries CANCELLED, the rest left for {@code resume}.
 * A cancelled entry kills its task; the task's other unfinished entries are queued again.
 *
 * <p>A write the file system refuses (no space left on device), the executor's or a worker's (which
 * then stops, see {@code task.sh}), stops the run: every slot ends after its current task and the
 * error ({@link dev.scatter.core.StorageException}, exit 3) is thrown; entries left without records
 * are for {@code scatter resume}.
 */
final class LocalExecutor {

    private static final long WATCH_INTERVAL_MS = 200;

    private final RunDir run;
    private final AttemptDir attempt;
    private final LocalMachine machine;
    private final Backend.Progress progress;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Slot> slots = new ArrayList<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final BlockingQueue<Integer> todo = new LinkedBlockingQueue<>();
    private final Set<Integer> requeued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger generations = new AtomicInteger();
    private AttemptResults initial;
    private volatile EntryRanges cancelled = EntryRanges.NONE;
    /** Slots append task summaries one at a time. */
    private final Object summaries = new Object();
    private long cancelledSize = -1;

    LocalExecutor(RunDir run, AttemptDir attempt, LocalMachine machine, Backend.Progress progress) {
        this.run = run;
        this.attempt = attempt;
        this.machine = machine;
        this.progress = progress;
    }

    void execute() {
        AttemptSpec spec = attempt.spec();
        // an attempt whose every task is summarized has nothing left to run, and no record need be
        // read to know it (a retry or resume starts every attempt: a million entries' records, else)
        if (TaskSummaries.read(attempt).size() == spec.taskCount()) {
            return;
        }
        OrphanedTasks.awaitEnd(attempt, AttemptResults.read(attempt));
        initial = AttemptResults.read(attempt);
        for (int t = 0; t < spec.taskCount(); t++) {
            int task = t;
            if (spec.plan().task(t).stream().anyMatch(e -> !initial.isSettled(e, task))) {
                todo.add(t);
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        pending.set(todo.size());
        LocalPool pool = LocalPool.size(machine, spec.resources(), todo.size());
        generations.set(nextGeneration());
        writeExecutorFile(pool);
        Thread hook = new Thread(this::interrupted, "scatter-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scatter-watchdog");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Thread> threads = new ArrayList<>();
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            for (int s = 0; s < pool.slots(); s++) {
                Slot slot = new Slot(s, slotEnvironment(s, spec.resources()));
                slots.add(slot);
                Thread thread = new Thread(() -> {
                    try {
                        slot.work(spec);
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                        stopping.set(true);
                    }
                }, "scatter-slot-" + s);
                threads.add(thread);
                thread.start();
            }
            watchdog.scheduleWithFixedDelay(() -> watch(spec.resources()), WATCH_INTERVAL_MS, WATCH_INTERVAL_MS,
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

    /**
     * Worker files are tasks/wSLOT-GENERATION.*, a new generation for every worker started, so no
     * file ever has two writers (e.g. a resumed run and a worker left over from a killed client).
     */
    private int nextGeneration() {
        int max = -1;
        try (var files = Files.list(attempt.tasksDir())) {
            for (String name : files.map(p -> p.getFileName().toString()).toList()) {
                if (name.matches("w\\d+-\\d+\\.res")) {
                    max = Math.max(max, Integer.parseInt(name.substring(name.indexOf('-') + 1, name.length() - 4)));
                }
            }
        } catch (IOException e) {
            throw new BackendException("[local] cannot list " + attempt.tasksDir() + ": " + e.getMessage(), e);
        }
        return max + 1;
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

    /**
     * Every 200 ms: note each task's peak resident memory, and kill tasks over their time or memory
     * limit, or holding an entry the user cancelled.
     */
    private void watch(Resources r) {
        refreshCancelled();
        for (Slot slot : slots) {
            Worker w = slot.worker;
            if (w == null || w.currentTask() < 0) {
                continue;
            }
            long rss = ProcessTreeMemory.residentBytes(w.handle());
            slot.peak = Math.max(slot.peak, rss);
            if (r.time().isPresent() && w.runningNanos() > r.time().get().duration().toNanos()) {
                slot.kill(Kill.of(VerdictPolicy.overLimit(EntryState.TIMEOUT, r)));
            } else if (r.memory().isPresent()) {
                if (rss > r.memory().get().bytes()) {
                    Verdict over = VerdictPolicy.overLimit(EntryState.OUT_OF_MEMORY, r);
                    slot.kill(Kill.limit(over.state(), over.detail() + " (resident " + (rss >> 20) + "M)"));
                }
            }
            if (slot.holdsCancelled(cancelled)) {
                slot.kill(Kill.CANCEL);
            }
        }
    }

    private void refreshCancelled() {
        try {
            long size = Files.exists(attempt.cancelled()) ? Files.size(attempt.cancelled()) : 0;
            if (size != cancelledSize) {
                cancelledSize = size;
                cancelled = CancelledEntries.read(attempt);
            }
        } catch (IOException e) {
            // try again at the next look
        }
    }

    /** Ctrl-C or SIGTERM of the executor: end the running tasks and record their entries as cancelled. */
    private void interrupted() {
        if (stopping.getAndSet(true)) {
            return;
        }
        todo.clear();
        for (Slot slot : slots) {
            slot.kill(Kill.limit(EntryState.CANCELLED, "interrupted: the executor was stopped (Ctrl-C or SIGTERM)"));
        }
        for (Slot slot : slots) {
            slot.awaitRecorded();
        }
        deleteExecutorFile();
    }

    private void writeExecutorFile(LocalPool pool) {
        ObjectNode o = Json.object();
        o.put("attempt", attempt.number());
        o.put("slots", pool.slots());
        o.put("limited_by", pool.limitedBy());
        ProcessMarker.write(run.executorFile(), o);
    }

    private void deleteExecutorFile() {
        ProcessMarker.delete(run.executorFile());
    }

    /** Why the executor killed a task: a limit or an interrupt (recorded on its entries) or a cancel (not). */
    private record Kill(EntryState state, String detail) {
        static final Kill CANCEL = new Kill(EntryState.CANCELLED, "");

        static Kill limit(EntryState state, String detail) {
            return new Kill(state, detail);
        }

        static Kill of(Verdict v) {
            return new Kill(v.state(), v.detail());
        }
    }

    /** One pool slot: a worker, restarted (as a new generation of files) when a task kills it. */
    private final class Slot {
        private final int index;
        private final Map<String, String> env;
        private volatile String stem;
        private volatile Worker worker;
        private volatile List<Integer> sent = List.of();
        private final AtomicReference<Kill> killedFor = new AtomicReference<>();
        private final Object recorded = new Object();
        private volatile boolean busy;
        private volatile long peak;

        Slot(int index, Map<String, String> env) {
            this.index = index;
            this.env = env;
        }

        void work(AttemptSpec spec) {
            try {
                while (!stopping.get() && pending.get() > 0) {
                    Integer task = todo.poll(WATCH_INTERVAL_MS, TimeUnit.MILLISECONDS);
                    if (task == null) {
                        continue;
                    }
                    AttemptResults known = requeued.contains(task) ? AttemptResults.read(attempt) : initial;
                    List<Integer> entries = spec.plan().task(task).stream()
                            .filter(e -> !cancelled.contains(e) && !known.isSettled(e, task)).toList();
                    if (entries.isEmpty() || stopping.get()) {
                        pending.decrementAndGet();
                        continue;
                    }
                    if (runTask(task, entries)) {
                        pending.decrementAndGet();
                    } else {
                        requeued.add(task);
                        todo.add(task);   // what is left of it runs again
                    }
                }
            } catch (IOException e) {
                throw new BackendException("[local] cannot run bash for " + attempt.script() + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (worker != null) {
                    worker.close();   // it exits after cleaning up its temporary directory
                    worker.awaitExit();
                }
            }
        }

        /** @return true when the task is finished for good; false when part of it must run again */
        private boolean runTask(int task, List<Integer> entries) throws IOException {
            if (worker == null || !worker.isAlive()) {
                int generation = generations.getAndIncrement();
                stem = "w" + index + "-" + generation;
                Map<String, String> workerEnv = new HashMap<>(env);
                workerEnv.put("SCATTER_GENERATION", Integer.toString(generation));
                worker = Worker.start(attempt.script(), attempt.root().resolve("worker-" + index + ".log"), workerEnv);
            }
            // the task's records only, found through tasks.idx as the wrapper on a node finds them:
            // memory is one task's commands per slot, not the attempt's
            Set<Integer> wanted = new HashSet<>(entries);
            List<byte[]> records = CommandsFile.taskRecords(attempt, task).stream()
                    .filter(r -> wanted.contains(CommandsFile.entryOf(r))).toList();
            busy = true;
            killedFor.set(null);
            sent = entries;
            peak = 0;
            long from = sizeOf(attempt.results(stem));
            try {
                Worker.Done done = worker.run(task, records);
                if (done != null) {
                    progress.taskFinished(attempt.number(), task, done.succeeded(), done.failed());
                    if (entries.size() == attempt.spec().plan().task(task).size()) {
                        summarize(task, from);
                    }
                    return true;
                }
                return recordDeath(task, entries);
            } finally {
                sent = List.of();
                try {
                    if (peak > 0) {
                        TaskUsage.append(attempt, task, peak);
                    }
                } finally {
                    synchronized (recorded) {
                        busy = false;
                        recorded.notifyAll();
                    }
                }
            }
        }

        /**
         * Appends the summary of the task just run whole, from what its worker wrote since its file
         * was {@code from} bytes long: a status then reads the summary, not the task's entries, and
         * a local run's status costs its tasks (a worker's file holds every task it ran).
         */
        private void summarize(int task, long from) {
            ResultFile records = ResultFile.readFrom(attempt.results(stem), from);
            StatusReader.summarize(attempt, task, AttemptResults.of(stem, records, cancelled)).ifPresent(s -> {
                synchronized (summaries) {
                    TaskSummaries.append(attempt, List.of(s));
                }
            });
        }

        private static long sizeOf(Path file) {
            try {
                return Files.exists(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                return 0;   // then the whole file is read: the summary takes only this task's entries from it
            }
        }

        /** The worker died during {@code task}: record why, and say whether the task is over. */
        private boolean recordDeath(int task, List<Integer> entries) {
            Kill why = killedFor.get();
            int status = -1;
            try {
                status = worker.exitStatus();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ResultFile mine = ResultFile.read(attempt.results(stem));
            List<Integer> unfinished = entries.stream().filter(e -> !mine.ended().containsKey(e)).toList();
            List<Integer> begun = unfinished.stream().filter(mine.begun()::containsKey).toList();
            if (!run.spec().keepTmp()) {
                // the wrapper removes its temporary directory on exit, but a killed worker cannot
                TaskTemp.remove(run, stem, worker.pid());
            }
            worker = null;
            boolean over;
            if (why == null) {
                Verdict died = VerdictPolicy.taskDied(status);
                ResultFile.appendEntryKills(attempt.results(stem), begun, died.state(), died.detail());
                over = false;
            } else if (why == Kill.CANCEL) {
                over = false;
            } else if (why.state() == EntryState.CANCELLED) {   // interrupted: what had not begun stays for resume
                ResultFile.appendEntryKills(attempt.results(stem), begun, why.state(), why.detail());
                over = true;
            } else {
                ResultFile.appendEntryKills(attempt.results(stem), unfinished, why.state(), why.detail());
                over = true;
            }
            if (over) {
                int ok = (int) entries.stream().filter(e -> mine.ended().containsKey(e) && mine.ended().get(e).exitCode() == 0).count();
                progress.taskFinished(attempt.number(), task, ok, entries.size() - ok);
            }
            return over;
        }

        boolean holdsCancelled(EntryRanges cancelledNow) {
            List<Integer> s = sent;
            return !cancelledNow.isEmpty() && s.stream().anyMatch(cancelledNow::contains)
                    && worker != null && s.stream().anyMatch(e -> cancelledNow.contains(e) && !endedNow(e));
        }

        private boolean endedNow(int entry) {
            return ResultFile.read(attempt.results(stem)).ended().containsKey(entry);
        }

        void kill(Kill why) {
            Worker w = worker;
            if (w != null && w.currentTask() >= 0 && killedFor.compareAndSet(null, why)) {
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
