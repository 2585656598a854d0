package dev.scatter.core.run;

import dev.scatter.core.UsageException;
import dev.scatter.core.gather.Gatherer;
import dev.scatter.core.io.OutputFile;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunBusyException;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.ledger.RunLock;
import dev.scatter.core.ledger.RunStore;
import dev.scatter.core.ledger.UnreadableRun;
import dev.scatter.core.model.EntryStatus;
import dev.scatter.core.model.RemoteTarget;
import dev.scatter.core.model.RunStatus;
import dev.scatter.core.plan.PreparedRun;
import dev.scatter.core.plan.RemoteRequestChecks;
import dev.scatter.core.plan.RunRequest;
import dev.scatter.core.remote.ClusterDirectory;
import dev.scatter.core.remote.RemoteBackend;
import dev.scatter.core.remote.RemoteCommandRunner;
import dev.scatter.core.remote.RemoteShell;
import dev.scatter.core.report.RunReport;
import dev.scatter.core.report.Timeline;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.BackendCatalog;
import dev.scatter.core.status.ResourceUsage;
import dev.scatter.core.status.StatusReader;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The runs of one working directory, one method per verb: what {@code scatter} does, for the CLI
 * or any Java caller. It owns the lifecycle: locks, the order of a run's parts, waves, retry
 * planning and following a cluster run; callers parse, call one method, and show the result
 * (long verbs tell a {@link RunListener} as they go).
 *
 * <p>Backends are opened through the {@link BackendCatalog} when first needed and closed with
 * this object (a simulated cluster lives as long as it). Not thread-safe: one per caller.
 */
public final class Runs implements AutoCloseable {

    private final RunStore store;
    private final BackendCatalog catalog;
    private final Function<String, RemoteShell> shells;
    private final Map<String, Backend> open = new LinkedHashMap<>();

    public Runs(Path workdir, BackendCatalog catalog) {
        this(workdir, catalog, destination -> {
            throw new UsageException("--remote: this program does not reach clusters over SSH");
        });
    }

    /** @param shells how to reach a cluster over SSH ({@code --remote}), by destination */
    public Runs(Path workdir, BackendCatalog catalog, Function<String, RemoteShell> shells) {
        this.store = new RunStore(workdir);
        this.catalog = catalog;
        this.shells = shells;
    }

    /**
     * A run checked and planned, not written: its backend, what is worth a warning, and the lowest
     * run number it may take (above those its directory on a cluster already holds, for {@code --remote}).
     */
    public record Prepared(PreparedRun plan, Backend backend, List<String> warnings, int lowestId) {
    }

    // ---------------------------------------------------------------- finding and reading

    /**
     * A run id, name or directory; the newest run here when empty. A run on a cluster
     * ({@code --remote}) is brought up to date first: what its tasks wrote there comes down.
     */
    public RunDir find(Optional<String> ref) {
        RunDir run = store.resolve(ref);
        if (run.isComplete() && run.unreadable().isEmpty() && run.spec().remote().isPresent()) {
            backend(run).refresh(run);
        }
        return run;
    }

    /**
     * {@link #find(Optional)}, or, when this directory does not have the run, the run fetched from
     * {@code remote} ({@code --remote} on another machine than the one that ran it): its whole
     * ledger comes down into {@code .scatter/runs} here; the newest run there when {@code ref} is empty.
     */
    public RunDir find(Optional<String> ref, Optional<RemoteTarget> remote) {
        try {
            return find(ref);
        } catch (UsageException notHere) {
            if (remote.isEmpty()) {
                throw notHere;
            }   // else fetched below
        }
        RemoteShell shell = shells.apply(remote.get().destination());
        ClusterDirectory there = ClusterDirectory.find(shell, remote.get());
        String id = ref.filter(there.runs()::contains).or(() -> ref.isEmpty() ? there.runs().stream()
                .filter(n -> n.matches("\\d{1,9}")).max(java.util.Comparator.comparingInt(Integer::parseInt)) : Optional.empty())
                .orElseThrow(() -> new UsageException("no run " + ref.orElse("") + " here nor at " + there.target()
                        + (there.runs().isEmpty() ? " (it has no runs)" : " (it has runs " + String.join(", ", there.runs()) + ")")));
        RemoteBackend.fetch(shell, there.target(), id, store.runsDir().resolve(id));
        return find(Optional.of(id));
    }

    /** The complete runs here, newest first. */
    public List<RunDir> list() {
        return store.list();
    }

    /** The complete runs here whose spec cannot be read, newest first. */
    public List<UnreadableRun> unreadable() {
        return store.unreadable();
    }

    /** Where the runs live ({@code .scatter/runs}). */
    public Path runsDir() {
        return store.runsDir();
    }

    /** The backend {@code run} was created with, opened once; over SSH for a run on a cluster ({@code --remote}). */
    public Backend backend(RunDir run) {
        Optional<RemoteTarget> remote = run.spec().remote();
        if (remote.isEmpty()) {
            return open.computeIfAbsent(run.spec().backend(), catalog::open);
        }
        return open.computeIfAbsent(run.spec().backend() + "@" + remote.get().destination(),
                k -> remoteBackend(run.spec().backend(), shells.apply(remote.get().destination())));
    }

    private RemoteBackend remoteBackend(String name, RemoteShell shell) {
        return new RemoteBackend(catalog.open(name, new RemoteCommandRunner(shell)), shell);
    }

    /**
     * {@code scatter status}: every entry and step, from the ledger and one look at the backend; a
     * settled task from its summary (its succeeded entries carry the task's span, not their own).
     */
    public RunStatus status(RunDir run) {
        return StatusReader.read(run, backend(run).live(run));
    }

    /** {@link #status} with every entry's own start, end and CPU time: it reads every entry's records. */
    public RunStatus statusInFull(RunDir run) {
        return StatusReader.readInFull(run, backend(run).live(run));
    }

    /**
     * {@code scatter status --resources}: what the entries used against what was asked, from a status
     * read from its tasks' summaries ({@link #status}: they keep their entries' run times). Asks the
     * backend once to measure the tasks that ended since the last time ({@link Backend#measure}:
     * one sacct or qstat call on a cluster), then reads every measurement from the ledger.
     */
    public ResourceUsage resources(RunDir run, RunStatus status) {
        Optional<String> trouble = backend(run).measure(run);
        return ResourceUsage.of(run, status, trouble.orElse(""));
    }

    /**
     * {@code scatter report}: the run's status read once from its tasks' summaries where settled
     * (O(tasks)), with every attempt's tasks laid on a timeline, and what the backend measured of them (one scheduler call for the tasks that ended).
     */
    public RunReport report(RunDir run) {
        double now = System.currentTimeMillis() / 1000.0;   // where running tasks' bars end, and the report's time
        Timeline timeline = new Timeline(now);
        RunStatus status = StatusReader.read(run, backend(run).live(run), timeline);
        return RunReport.of(run, status, resources(run, status), timeline, now);
    }

    /** {@code scatter gather}: every succeeded entry's stdout, in input order, into {@code out}. */
    public Gathered gather(RunDir run, OutputStream out, boolean csvHeader) {
        RunStatus status = status(run);
        return new Gathered(status, Gatherer.gather(run, status, out, csvHeader));
    }

    /**
     * {@code scatter gather [-o FILE]}: the same into {@code file} ({@link OutputFile}: a regular
     * file is replaced whole, a symlink followed, a device or FIFO written through), or to this
     * process's standard output when empty.
     */
    public Gathered gather(RunDir run, Optional<Path> file, boolean csvHeader) {
        RunStatus status = status(run);
        try (OutputFile out = file.map(OutputFile::open).orElseGet(OutputFile::stdout)) {
            Gathered gathered = new Gathered(status, Gatherer.gather(run, status, out.stream(), csvHeader));
            out.commit();
            return gathered;
        }
    }

    /** What gather wrote and left out, and the status it gathered by. */
    public record Gathered(RunStatus status, Gatherer.Result result) {
    }

    /** {@code scatter logs}: one entry's (or step's) stdout or stderr, exactly as it printed it. */
    public byte[] output(RunDir run, EntryStatus entry, boolean stderr) {
        return Gatherer.entryOutput(run, entry, stderr);
    }

    // ---------------------------------------------------------------- the verbs that change runs

    /** {@code scatter run --dry-run}: everything read, checked and planned; nothing written or started. */
    public Prepared prepare(RunRequest request, InputStream stdin) {
        if (request.remote().isPresent()) {
            return prepareRemote(request, stdin);
        }
        Backend backend = request.simulate() ? catalog.simulated(request.backend()) : catalog.open(request.backend());
        open.putIfAbsent(backend.name(), backend);
        PreparedRun plan = PreparedRun.prepare(request, backend, stdin);
        return new Prepared(plan, backend, plan.warnings(), 1);
    }

    /**
     * {@code --remote}: what only works here is refused first; then one round trip finds the
     * directory there and the scheduler {@code auto} means, before the inputs are read.
     */
    private Prepared prepareRemote(RunRequest request, InputStream stdin) {
        RemoteRequestChecks.check(request);
        RemoteTarget typed = request.remote().get();
        RemoteShell shell = shells.apply(typed.destination());
        ClusterDirectory there = ClusterDirectory.find(shell, typed);
        RunRequest onCluster = request.onRemote(there.target());
        String name = request.backend().equals("auto") ? there.autoBackend() : request.backend();
        RemoteBackend backend = remoteBackend(name, shell);
        open.putIfAbsent(backend.name() + "@" + typed.destination(), backend);
        PreparedRun plan = PreparedRun.prepare(onCluster, backend, stdin);
        return new Prepared(plan, backend, plan.warnings(), there.highestTaken() + 1);
    }

    /**
     * {@code scatter run}: prepares the run (bad input: a {@link dev.scatter.core.UsageException},
     * nothing written), writes the ledger, then runs it here, submits it, or hands it to a
     * background process; with retries, runs what failed again, up to that many rounds.
     */
    public Outcome run(RunRequest request, RunOptions options, InputStream stdin, RunListener listener) {
        Created created = create(request, stdin, listener);
        RunDir run = created.run();
        Backend backend = created.backend();
        if (options.detach()) {
            return new Outcome.Detached(run, Background.resume(run));
        }
        Driver driver = new Driver(run, backend, listener);
        Outcome outcome = driver.drive(options.follow() || options.retries() > 0);
        for (int round = 1; round <= options.retries() && outcome.failed(); round++) {
            List<AttemptDir> again = Retries.write(run, backend, RetryRequest.automatic(options.escalate()),
                    listener).attempts();
            if (again.isEmpty()) {
                break;
            }
            listener.retryRound(run, round, options.retries(), again);
            outcome = driver.drive(true);
        }
        return outcome;
    }

    /**
     * Prepares and writes the run. Its inputs and plan (a million entries: 200 MB) are unreachable
     * once this returns: the run's tasks read their commands from the ledger.
     */
    private Created create(RunRequest request, InputStream stdin, RunListener listener) {
        Prepared prepared = prepare(request, stdin);
        prepared.warnings().forEach(listener::warned);
        RunDir run = prepared.plan().create(store, prepared.backend(), prepared.lowestId());
        prepared.backend().publish(run);   // a run on a cluster (--remote): its ledger goes up whole, once
        listener.created(run, prepared.plan(), prepared.backend());
        return new Created(run, prepared.backend());
    }

    private record Created(RunDir run, Backend backend) {
    }

    /**
     * {@code scatter resume}: runs (here) or submits (cluster) what has no result and is not
     * running, e.g. after the client was killed; what ran is never run again.
     */
    public Outcome resume(RunDir run, boolean detach, boolean wait, RunListener listener) {
        RunStatus before = status(run);
        if (before.finished()) {
            return new Outcome.NothingToDo(run, before);
        }
        if (detach) {
            return new Outcome.Detached(run, Background.resume(run));
        }
        listener.resuming(before);
        return new Driver(run, backend(run), listener).drive(wait);
    }

    /** {@code scatter watch}: follows the run until every entry has a result, or until nothing runs the rest. */
    public Outcome.Followed follow(RunDir run, RunListener listener) {
        return new Driver(run, backend(run), listener).follow();
    }

    /**
     * {@code scatter doctor --probe}: follows the run as {@link #follow(RunDir, RunListener)} does,
     * for at most {@code atMost}; the status returned then says whether it ended.
     */
    public Outcome.Followed follow(RunDir run, RunListener listener, Duration atMost) {
        return new Driver(run, backend(run), listener).follow(atMost);
    }

    /** {@code scatter retry}: new attempts for the entries in the states asked, then runs or submits them. */
    public Outcome retry(RunDir run, RetryRequest request, RunListener listener) {
        Backend backend = backend(run);
        // the process executing it here would not run a new attempt: refuse before writing one
        if (backend.mode() == Backend.Mode.EXECUTES && RunLock.executorHeld(run)) {
            String id = run.spec().id();
            throw new RunBusyException("run " + id + " is executing on this machine: retry when it ends (scatter watch " + id
                    + " follows it), or stop it first (scatter cancel " + id + ")");
        }
        Retries.Written written = Retries.write(run, backend, request, listener);
        if (written.attempts().isEmpty()) {
            return new Outcome.NothingToDo(run, written.status());
        }
        listener.retrying(run, written.attempts());
        return new Driver(run, backend, listener).drive(false);
    }

    /** {@code scatter cancel}: stops the given entries (all when empty) that are queued or running. */
    public Cancelled cancel(RunDir run, Optional<Set<Integer>> entries) {
        Cancelled cancelled = Cancels.cancel(run, backend(run), entries);
        backend(run).publish(run);
        return cancelled;
    }

    /** {@code scatter rm}: removes the run's ledger; a run still running only when forced, after cancelling it. */
    public void remove(RunDir run, boolean force) {
        Removals.remove(run, backend(run), force);
    }

    /** {@code scatter rm} of a run whose spec cannot be read: nothing can run it, so its ledger just goes. */
    public void remove(UnreadableRun run) {
        Removals.deleteTree(run.run().root());
    }

    /** {@code scatter clean}: the runs here not running and created more than {@code age} ago, oldest first; removed unless {@code dryRun}. */
    public List<RunDir> clean(Duration age, boolean dryRun) {
        List<RunDir> old = Removals.older(list().stream(), age, Instant.now(), this::backend).toList();
        if (!dryRun) {
            old.forEach(r -> Removals.remove(r, backend(r), false));
        }
        return old;
    }

    /** {@code scatter then}: the {@code --then} step now, by hand; its status once it ended (or was submitted). */
    public EntryStatus then(RunDir run, boolean wait) {
        return ThenStep.run(run, backend(run), wait);
    }

    /** Ends what the opened backends hold in this process (a simulated cluster). */
    @Override
    public void close() {
        RuntimeException first = null;
        for (Backend b : open.values()) {
            try {
                b.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
