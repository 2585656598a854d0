package dev.scatter.core.grid;

import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.ResultFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.spi.LiveView.TaskView;
import dev.scatter.core.verdict.Verdict;
import dev.scatter.core.verdict.VerdictPolicy;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One look at a run on a cluster: at most one live-status command for all of its unfinished
 * arrays, and at most one accounting command for the tasks that left the live listing without
 * their records. The wrapper's records decide what they cover; the scheduler only says whether
 * an unfinished task waits, runs, or why it died.
 *
 * <p>A verdict the scheduler will not change (TIMEOUT, OUT_OF_MEMORY, CANCELLED, LOST) is written
 * to the task's result file as a K record (append-only), so later polls need not ask again, and
 * an array whose tasks all have final records is marked finished and never asked about again.
 */
final class GridPoll {

    private static final int LOG_TAIL_BYTES = 4096;

    /** One unfinished task of a submitted array. */
    private record Pending(AttemptDir attempt, AttemptSpec spec, Submissions.Array array, int task, ResultFile results) {
        int index() {
            return task - array.firstTask();
        }
    }

    private final GridScheduler scheduler;
    private final SchedulerCalls calls;
    private final SchedulerLimits limits;
    private final VerdictPolicy verdicts;

    GridPoll(GridScheduler scheduler, VerdictPolicy verdicts, SchedulerCalls calls, SchedulerLimits limits) {
        this.scheduler = scheduler;
        this.verdicts = verdicts;
        this.calls = calls;
        this.limits = limits;
    }

    GridLiveView poll(RunDir run) {
        Path workdir = run.spec().workdir();
        List<Pending> pending = new ArrayList<>();
        Map<Integer, Submissions> byAttempt = new HashMap<>();
        Map<Integer, AttemptSpec> specs = new HashMap<>();
        for (AttemptDir attempt : run.attempts()) {
            AttemptSpec spec = attempt.spec();
            Submissions subs = Submissions.read(attempt);
            byAttempt.put(attempt.number(), subs);
            specs.put(attempt.number(), spec);
            for (Submissions.Array array : subs.with(Submissions.Status.SUBMITTED)) {
                if (array.finished()) {
                    continue;
                }
                int before = pending.size();
                int unsettled = 0;
                for (int t = array.firstTask(); t <= array.lastTask(); t++) {
                    ResultFile r = ResultFile.read(attempt.results(t));
                    if (r.taskKill().isPresent()) {
                        continue;
                    }
                    if (!r.ended().keySet().containsAll(spec.plan().task(t))) {
                        pending.add(new Pending(attempt, spec, array, t, r));
                    } else if (r.ended().values().stream().anyMatch(e -> e.exitCode() == 128 + 9)) {
                        // An entry died of SIGKILL: if the scheduler killed it for memory, say so. A
                        // cgroup's notice comes when the task ends, so look again for a while.
                        Path results = attempt.results(t);
                        Optional<Verdict> oom = verdicts.memoryKill(spec.resources(),
                                tail(scheduler.schedulerLog(attempt, array.id().orElseThrow(), t - array.firstTask())));
                        oom.ifPresent(v -> ResultFile.appendTaskKill(results, v.state(), v.detail()));
                        if (oom.isEmpty() && System.currentTimeMillis() - modified(results) < calls.tuning().recordsGrace().toMillis()) {
                            unsettled++;
                        }
                    }
                }
                if (pending.size() == before && unsettled == 0) {
                    subs.appendFinished(array.number());
                }
            }
        }
        List<String> notes = new ArrayList<>();
        Map<Long, GridLiveView.Views> views = new LinkedHashMap<>();
        if (!pending.isEmpty()) {
            Set<String> ids = new LinkedHashSet<>();
            pending.forEach(p -> ids.add(p.array().id().orElseThrow()));
            Map<String, TaskInfo> live = new HashMap<>();
            String liveTrouble = query(scheduler.statusCommand(Selector.ids(List.copyOf(ids))), workdir, live, false);
            if (liveTrouble != null) {
                notes.add(liveTrouble);
            }
            Map<String, TaskInfo> accounted = new HashMap<>();
            String accountingTrouble = null;
            if (liveTrouble == null) {
                Set<String> gone = new LinkedHashSet<>();
                pending.stream().filter(p -> !live.containsKey(key(p))).forEach(p -> gone.add(p.array().id().orElseThrow()));
                if (!gone.isEmpty()) {
                    accountingTrouble = limits.accounting()
                            ? query(scheduler.accountingCommand(Selector.ids(List.copyOf(gone))), workdir, accounted, true)
                            : NO_ACCOUNTING;
                }
            }
            for (Pending p : pending) {
                views.put(GridLiveView.key(p.attempt().number(), p.task()),
                        decide(p, live.get(key(p)), accounted.get(key(p)), liveTrouble, accountingTrouble));
            }
            if (accountingTrouble != null && accountingTrouble != NO_ACCOUNTING) {
                notes.add(accountingTrouble);
            }
            long never = views.values().stream().filter(v -> v.notBegun().detail().startsWith(NEVER)).count();
            if (never > 0) {
                notes.add(never + " task(s) will never start as asked: cancel them (scatter cancel) and retry with resources the cluster has");
            }
        }
        for (Map.Entry<Integer, Submissions> e : byAttempt.entrySet()) {
            e.getValue().waitingForRoom().ifPresent(reason -> notes.add("attempt " + e.getKey() + ": " + waiting(reason)));
            List<Submissions.Array> rejected = e.getValue().with(Submissions.Status.REJECTED);
            if (!rejected.isEmpty()) {
                notes.add("attempt " + e.getKey() + ": submission failed, " + rejected.size() + " array(s) rejected ("
                        + rejection(rejected.get(rejected.size() - 1).reason()) + "): fix the cause, then scatter resume submits them");
            }
            if (!e.getValue().with(Submissions.Status.UNCONFIRMED).isEmpty()) {
                notes.add("attempt " + e.getKey() + ": a submission is unconfirmed (the client stopped while submitting):"
                        + " scatter resume looks it up by name and continues");
            }
        }
        return new GridLiveView(views, (attempt, task) -> fallback(byAttempt.get(attempt), task), String.join("; ", notes));
    }

    private static final String NO_ACCOUNTING = "no accounting";
    private static final String NEVER = "will never start";

    private static String key(Pending p) {
        return p.array().id().orElseThrow() + "_" + p.index();
    }

    /** Runs one status or accounting command into {@code into}; returns what went wrong, or null. */
    private String query(List<String> argv, Path workdir, Map<String, TaskInfo> into, boolean accounting) {
        CommandResult r;
        try {
            r = calls.retrying(argv, workdir, Math.min(3, calls.tuning().attempts()));
        } catch (SchedulerCalls.Unanswered e) {
            return argv.get(0) + " did not answer; states shown as last known (" + firstLine(e.last()) + ")";
        }
        Query q = accounting ? scheduler.parseAccounting(r) : scheduler.parseStatus(r);
        if (q instanceof Query.Answer a) {
            a.tasks().forEach(t -> into.put(t.arrayId() + "_" + t.index(), t));
            return null;
        }
        if (q instanceof Query.Unavailable) {
            return NO_ACCOUNTING;
        }
        String message = q instanceof Query.Transient t ? t.message() : ((Query.Failed) q).message();
        return argv.get(0) + " failed; states shown as last known (" + firstLine(message) + ")";
    }

    private GridLiveView.Views decide(Pending p, TaskInfo live, TaskInfo accounted, String liveTrouble, String accountingTrouble) {
        if (live != null) {
            return fromScheduler(p, live);
        }
        if (liveTrouble != null) {
            return stillAsBefore("the scheduler did not answer");
        }
        if (accounted != null && accounted.ended()) {
            return fromScheduler(p, accounted);
        }
        // accounting still calls it pending or running while the queue forgot it: a stale record
        // (a pending remainder, trap 8) or lag; either way wait, then call it lost
        if (accountingTrouble == NO_ACCOUNTING) {
            // only the task's own scheduler log may still say why (PBS without history: a walltime notice)
            return persist(p, verdicts.vanished(p.spec().resources(),
                    tail(scheduler.schedulerLog(p.attempt(), p.array().id().orElseThrow(), p.index()))));
        }
        if (accountingTrouble != null) {
            return stillAsBefore("accounting did not answer");
        }
        // gone from the live listing and not in accounting yet: accounting lags (fixtures trap 3)
        if (age(p, Optional.empty()) < calls.tuning().vanishGrace().toMillis()) {
            return stillAsBefore("its task left the queue; waiting for accounting to list it");
        }
        return persist(p, new Verdict(EntryState.LOST, "task " + p.index() + " of array " + p.array().id().orElseThrow()
                + " vanished: neither the queue nor accounting knows it"));
    }

    private GridLiveView.Views fromScheduler(Pending p, TaskInfo info) {
        String why = info.detail();
        switch (info.state()) {
            case PENDING, QUEUED -> {
                if (info.neverRuns()) {
                    return GridLiveView.Views.both(EntryState.LOST, NEVER + ": " + why);
                }
                return GridLiveView.Views.both(EntryState.QUEUED, why);
            }
            case RUNNING -> {
                return new GridLiveView.Views(new TaskView(EntryState.RUNNING, why),
                        new TaskView(EntryState.QUEUED,
                                "its task is running the entries before it"));
            }
            case UNKNOWN -> {
                return GridLiveView.Views.both(EntryState.UNKNOWN, scheduler.name() + " says " + info.nativeState()
                        + (why.isEmpty() ? "" : " (" + why + ")"));
            }
            default -> {
                // the task ended. If it ended on its own, its records may still be on their way
                // over the shared filesystem: wait a little before calling the rest lost.
                boolean ownEnd = info.state() == EntryState.SUCCEEDED
                        || (info.state() == EntryState.FAILED && info.signal() == 0 && info.exitStatus() == 1);
                if (ownEnd && age(p, info.end()) < calls.tuning().recordsGrace().toMillis()) {
                    return stillAsBefore("its task ended; waiting for its records");
                }
                String log = tail(scheduler.schedulerLog(p.attempt(), info.arrayId(), info.index()));
                return persist(p, verdicts.ended(scheduler.end(info), p.spec().resources(), log));
            }
        }
    }

    private GridLiveView.Views persist(Pending p, Verdict v) {
        ResultFile.appendTaskKill(p.attempt().results(p.task()), v.state(), v.detail());
        return GridLiveView.Views.both(v.state(), v.detail());
    }

    /** No new word from the scheduler: a begun entry still runs, the others still wait. */
    private static GridLiveView.Views stillAsBefore(String why) {
        return new GridLiveView.Views(new TaskView(EntryState.RUNNING, why), new TaskView(EntryState.QUEUED, why));
    }

    /** Milliseconds since the task was last heard of: its end, its files, or its submission. */
    private long age(Pending p, Optional<Instant> end) {
        long last = end.map(Instant::toEpochMilli).orElse(p.array().at().toEpochMilli());
        last = Math.max(last, modified(p.attempt().results(p.task())));
        last = Math.max(last, modified(p.attempt().tasksDir().resolve(p.task() + ".out")));
        return System.currentTimeMillis() - last;
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String tail(Path file) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long from = Math.max(0, f.length() - LOG_TAIL_BYTES);
            byte[] b = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** What the scheduler said when it rejected an array (the first line of its output), else the error's first line. */
    static String rejection(String reason) {
        for (String line : reason.split("\n")) {
            String l = line.strip();
            if (l.startsWith("- output") && l.indexOf(':') > 0) {
                String said = l.substring(l.indexOf(':') + 1).strip();
                if (!said.isEmpty()) {
                    return said;
                }
            }
        }
        return firstLine(reason);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    static String waiting(String reason) {
        return "waiting for room: the scheduler refused more jobs (" + reason + "); scatter watch or scatter resume"
                + " submits the rest as running tasks finish";
    }

    /** The view of a task in no submitted array (or one this poll did not cover). */
    private GridLiveView.Views fallback(Submissions subs, int task) {
        if (subs == null || subs.isEmpty()) {
            return GridLiveView.Views.both(EntryState.PENDING, "not submitted: scatter resume submits it");
        }
        if (subs.submittedArrayOf(task).isPresent()) {
            return GridLiveView.Views.both(EntryState.QUEUED, "");
        }
        if (subs.unconfirmedArrayOf(task).isPresent()) {
            return GridLiveView.Views.both(EntryState.PENDING, "its submission is unconfirmed: scatter resume looks it up and continues");
        }
        Optional<String> room = subs.waitingForRoom();
        if (room.isPresent()) {
            return GridLiveView.Views.both(EntryState.PENDING, waiting(room.get()));
        }
        Optional<Submissions.Array> rejected = subs.arrays().stream()
                .filter(a -> a.covers(task) && a.status() == Submissions.Status.REJECTED).reduce((a, b) -> b);
        if (rejected.isPresent()) {
            return GridLiveView.Views.both(EntryState.PENDING, "its submission was rejected: " + rejection(rejected.get().reason()));
        }
        return GridLiveView.Views.both(EntryState.PENDING, "not submitted: scatter resume submits it");
    }
}
