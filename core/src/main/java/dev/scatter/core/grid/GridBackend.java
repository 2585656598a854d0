package dev.scatter.core.grid;

import dev.scatter.core.BackendException;
import dev.scatter.core.io.Json;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.ResultFile;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.EntryState;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.BackendLimits;
import dev.scatter.core.spi.Check;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.core.spi.LiveView;
import dev.scatter.core.verdict.VerdictPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything command-based schedulers share: a {@link Backend} built from a
 * {@link GridScheduler} (command lines and parsers) and a {@link CommandRunner} (how commands
 * reach the cluster: local processes, the simulator in-process, a container).
 *
 * <ul>
 *   <li>{@link #start} submits the attempt as arrays below the scheduler's MaxArraySize, one
 *       submit command per array, intent before and id after ({@code submissions.jsonl}); it
 *       returns once submitted. Idempotent: a second call submits only what the first did not
 *       (e.g. arrays held back by a submit limit), and never submits an array twice.</li>
 *   <li>{@link #live} asks one status command for all arrays of the run, and accounting once for
 *       tasks that left the queue without their records; transient errors never fail an entry.</li>
 *   <li>{@link #cancel} stops whole arrays or single tasks in few commands.</li>
 *   <li>{@link #pollInterval} adapts: seconds after submitting, backing off to the floor, growing
 *       while nothing changes, and never less than twenty times what the last status command took.</li>
 * </ul>
 * The scheduler's configuration (MaxArraySize, MinJobAge, accounting) is read once per run and
 * kept in {@code scheduler.json} in the run directory.
 */
public class GridBackend implements Backend {

    /** The file, in the run directory, holding what the scheduler's configuration said. */
    public static final String LIMITS_FILE = "scheduler.json";

    private final GridScheduler scheduler;
    private final SchedulerCalls calls;
    private final GridTuning tuning;
    private final GridSubmitter submitter;
    /** Built once: every poll judges its tasks with the same notices. */
    private final VerdictPolicy verdicts;
    private SchedulerLimits config;
    private String lastFingerprint = "";
    private int quietPolls;
    private int polls;
    private long lastPollMillis;

    public GridBackend(GridScheduler scheduler, CommandRunner runner, GridTuning tuning) {
        this.scheduler = scheduler;
        this.tuning = tuning;
        this.calls = new SchedulerCalls(scheduler, runner, tuning);
        this.submitter = new GridSubmitter(scheduler, calls);
        this.verdicts = new VerdictPolicy(scheduler.killNotices(), scheduler.withoutHistory());
    }

    public GridScheduler scheduler() {
        return scheduler;
    }

    public GridTuning tuning() {
        return tuning;
    }

    /** Scheduler commands run so far by this backend (each retry counts). */
    public long schedulerCalls() {
        return calls.calls();
    }

    @Override
    public String name() {
        return scheduler.name();
    }

    @Override
    public Mode mode() {
        return Mode.SUBMITS;
    }

    @Override
    public boolean tasksInheritEnvironment() {
        return scheduler.exportsEnvironment();
    }

    @Override
    public void check(Resources resources) {
        scheduler.check(resources);
    }

    @Override
    public List<String> scriptHeader(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
        return scheduler.scriptHeader(spec, attempt, dir);
    }

    @Override
    public List<String> describeLaunch(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
        SchedulerLimits limits = config(spec.workdir());
        List<String> out = new ArrayList<>();
        int n = attempt.taskCount();
        int arrays = (n + limits.maxArraySize() - 1) / limits.maxArraySize();
        out.add(name() + ": " + n + " task(s) in " + arrays + " array(s) of at most " + limits.maxArraySize()
                + " (MaxArraySize; " + limits.source() + "), one submit command each, returning once submitted");
        Optional<String> previous = Optional.empty();
        for (int k = 0; k < arrays; k++) {
            int first = k * limits.maxArraySize();
            int last = Math.min(n, first + limits.maxArraySize()) - 1;
            if (k == 3 && arrays > 4) {
                out.add("  … " + (arrays - 4) + " more");
                k = arrays - 1;
                first = k * limits.maxArraySize();
                last = n - 1;
            }
            ArraySubmission a = new ArraySubmission(k, first, last, GridSubmitter.jobName(spec.id(), attempt.number(), k,
                    spec.token()), attempt.resources().maxRunning(), previous, List.of(), dir.jobScript(spec), spec.workdir());
            out.add("  array " + k + ": tasks " + first + "-" + last + ": "
                    + dev.scatter.core.spi.Command.of(spec.workdir(), scheduler.submitCommand(a)).display());
            if (attempt.resources().maxRunning().isPresent()) {
                previous = Optional.of("<id of array " + k + ">");
            }
        }
        out.add("scheduler log of each task: " + scheduler.schedulerLog(dir, "<array id>", 0).getParent()
                + " (the scheduler's own messages: time and memory kills)");
        out.add("status: one " + scheduler.statusCommand(Selector.ids(List.of("<ids>"))).get(0)
                + " per poll for every array; accounting only for tasks that left the queue without their records");
        return out;
    }

    /** The scheduler's own log of each task goes there (SLURM's --output, PBS's -o): neither makes it. */
    @Override
    public List<Path> jobDirectories(AttemptDir dir) {
        return List.of(scheduler.schedulerLog(dir, "0", 0).getParent());
    }

    @Override
    public void start(RunDir run, AttemptDir attempt, Progress progress) {
        try (AutoCloseable lock = Submissions.lock(attempt)) {
            SchedulerLimits limits = limits(run);
            for (Path d : jobDirectories(attempt)) {   // made with the attempt; again for a ledger written before that
                Files.createDirectories(d);
            }
            submitter.submit(run, attempt, limits);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + attempt.root() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public LiveView live(RunDir run) {
        long started = System.nanoTime();
        GridLiveView view = new GridPoll(scheduler, verdicts, calls, limits(run)).poll(run);
        synchronized (this) {
            lastPollMillis = (System.nanoTime() - started) / 1_000_000;
            polls++;
            String fp = view.fingerprint();
            quietPolls = fp.equals(lastFingerprint) ? quietPolls + 1 : 0;
            lastFingerprint = fp;
        }
        return view;
    }

    /** One usage command for the tasks that ended and were not measured yet ({@link GridUsage}). */
    @Override
    public Optional<String> measure(RunDir run) {
        return new GridUsage(scheduler, calls).measure(run, limits(run).accounting());
    }

    @Override
    public void cancel(RunDir run, AttemptDir attempt, Set<Integer> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        Path workdir = run.spec().workdir();
        try (AutoCloseable lock = Submissions.lock(attempt)) {
            Submissions subs = Submissions.read(attempt);
            submitter.confirm(attempt, subs, workdir, limits(run));
            List<String> whole = new ArrayList<>();
            Map<String, SortedSet<Integer>> partial = new TreeMap<>();
            for (Submissions.Array a : subs.with(Submissions.Status.SUBMITTED)) {
                SortedSet<Integer> indices = new TreeSet<>();
                for (int t = a.firstTask(); t <= a.lastTask(); t++) {
                    if (tasks.contains(t)) {
                        indices.add(t - a.firstTask());
                    }
                }
                if (indices.size() == a.size()) {
                    whole.add(a.id().orElseThrow());
                } else if (!indices.isEmpty()) {
                    partial.put(a.id().orElseThrow(), indices);
                }
            }
            for (List<String> argv : scheduler.cancelCommands(whole, partial)) {
                CommandResult r = calls.retrying(argv, workdir);
                if (!scheduler.cancelled(r)) {
                    throw new BackendException(r.describeFailure("[" + name() + "] cancelling tasks failed"));
                }
            }
            // A task cancelled while it waited leaves no trace in the queue or accounting (fixtures
            // trap 7), and one not yet submitted must never be: record the verdict now.
            AttemptSpec spec = attempt.spec();
            for (int t : tasks) {
                if (t >= 0 && t < spec.taskCount() && !GridSubmitter.finished(attempt, spec, t)) {
                    ResultFile.appendTaskKill(attempt.results(t), EntryState.CANCELLED, "cancelled (scatter cancel)");
                }
            }
        } catch (SchedulerCalls.Unanswered e) {
            throw new BackendException("[" + name() + "] the scheduler did not answer while cancelling\n" + e.last()
                    + "\n  run the same scatter cancel again");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The client's version and the limits the configuration sets, each command asked once (no
     * retries: doctor reports what the scheduler says now).
     */
    @Override
    public List<Check> checks(Path workdir) {
        return GridChecks.of(scheduler, ask(scheduler.versionCommand(), workdir), ask(scheduler.configCommand(), workdir));
    }

    private GridChecks.Answer ask(List<String> argv, Path workdir) {
        try {
            CommandResult r = calls.once(argv, workdir);
            return r == null ? GridChecks.Answer.none(argv, "did not answer within " + tuning.commandTimeout().toSeconds() + " s")
                    : GridChecks.Answer.of(r);
        } catch (BackendException cannotStart) {
            Throwable why = cannotStart.getCause() != null ? cannotStart.getCause() : cannotStart;
            return GridChecks.Answer.none(argv, "could not be run: " + why.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return GridChecks.Answer.none(argv, "was interrupted");
        }
    }

    /**
     * The first poll after submitting comes {@link GridTuning#firstPoll() soon} (a short task may
     * be over by then), the next ones 1.5 times later each until they reach the floor (30 s on a
     * real cluster: seven polls in the first minute, then two a minute); from there the interval
     * grows 1.5 times per poll while nothing changes, up to the ceiling. Never less than twenty
     * times what the last status command took, so a slow controller is asked less often.
     */
    @Override
    public synchronized Duration pollInterval() {
        long floor = tuning.pollFloor().toMillis();
        long first = tuning.firstPoll().toMillis();
        long millis = (long) (first * Math.pow(1.5, Math.max(0, Math.min(polls - 1, 30))));
        if (millis >= floor) {
            // quiet polls count from the floor on, so the backing-off starts there and not at the ceiling
            int warmUp = (int) Math.ceil(Math.log((double) floor / first) / Math.log(1.5)) + 1;
            int quiet = Math.max(0, Math.min(quietPolls, polls - warmUp));
            millis = Math.min((long) (floor * Math.pow(1.5, Math.min(quiet, 20))), tuning.pollCeiling().toMillis());
            millis = Math.max(millis, floor);
        }
        millis = Math.max(millis, lastPollMillis * 20);
        return Duration.ofMillis(Math.min(millis, Math.max(tuning.pollCeiling().toMillis(), floor)));
    }

    /**
     * The scheduler's limits for this run: read from {@code scheduler.json}, or asked once and
     * kept there. When the scheduler cannot be asked, its documented defaults are used (not kept).
     */
    public SchedulerLimits limits(RunDir run) {
        Path file = run.root().resolve(LIMITS_FILE);
        if (Files.isRegularFile(file)) {
            try {
                return SchedulerLimits.fromJson(Json.read(file));
            } catch (RuntimeException unreadable) {
                // asked again below
            }
        }
        SchedulerLimits limits = config(run.spec().workdir());
        if (!limits.source().startsWith("default")) {
            Json.write(file, limits.toJson(name()));
        }
        return limits;
    }

    /** MaxArraySize from the scheduler's configuration; the slots from its cpus ÷ cpus per task. */
    @Override
    public BackendLimits limits(Path workdir, Resources r) {
        return new BackendLimits(OptionalInt.of(config(workdir).maxArraySize()), slots(workdir, r));
    }

    /** Cpus the cluster has ÷ cpus per task, asked now; empty when the scheduler cannot tell. */
    private OptionalInt slots(Path workdir, Resources r) {
        List<String> argv = scheduler.capacityCommand(r);
        if (argv.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            CommandResult result = calls.retrying(argv, workdir);
            if (!result.succeeded()) {
                return OptionalInt.empty();
            }
            OptionalInt cpus = scheduler.parseCapacity(result.stdout());
            return cpus.isPresent() ? OptionalInt.of(Math.max(1, cpus.getAsInt() / r.cpus())) : cpus;
        } catch (SchedulerCalls.Unanswered | BackendException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * The scheduler's configuration, asked once per process (a run asks it before it is planned,
     * then keeps it in {@code scheduler.json}); when it cannot be asked, the scheduler's documented
     * defaults, asked again next time.
     */
    private synchronized SchedulerLimits config(Path workdir) {
        if (config != null) {
            return config;
        }
        List<String> argv = scheduler.configCommand();
        try {
            CommandResult r = calls.retrying(argv, workdir);
            if (r.succeeded()) {
                config = scheduler.parseConfig(r.stdout());
                return config;
            }
            return defaults(String.join(" ", argv) + " failed: " + r.stderr().strip().lines().findFirst().orElse("exit " + r.exitCode()));
        } catch (SchedulerCalls.Unanswered e) {
            return defaults(String.join(" ", argv) + " did not answer");
        } catch (BackendException e) {
            return defaults(argv.get(0) + " could not be run");
        }
    }

    private SchedulerLimits defaults(String why) {
        SchedulerLimits d = scheduler.parseConfig("");
        return new SchedulerLimits(d.maxArraySize(), d.minJobAge(), d.accounting(), d.version(), "default, " + why);
    }
}
