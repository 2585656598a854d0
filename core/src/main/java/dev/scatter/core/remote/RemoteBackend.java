package dev.scatter.core.remote;

import dev.scatter.core.BackendException;
import dev.scatter.core.io.ShellQuote;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.RemoteTarget;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.BackendLimits;
import dev.scatter.core.spi.Check;
import dev.scatter.core.spi.LiveView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A cluster backend reached over SSH ({@code --remote}): the scheduler's commands run on the login
 * node through a {@link RemoteCommandRunner} (the backend itself is the one a login node uses), and
 * the run's ledger lives on both sides, kept in step by a {@link LedgerMirror}: what scatter writes
 * here (the attempts, submissions, cancellations) goes up before anything is submitted and after;
 * what the tasks write there (records, outputs, the scheduler's logs) comes down before the ledger
 * is read. So every reading verb works on this machine's copy, and {@code gather -o} writes here.
 */
public final class RemoteBackend implements Backend {

    private final Backend cluster;
    private final RemoteShell shell;

    public RemoteBackend(Backend cluster, RemoteShell shell) {
        this.cluster = cluster;
        this.shell = shell;
    }

    /** The same name as on the login node: a run records where it runs in its spec ({@link RunSpec#remote}). */
    @Override
    public String name() {
        return cluster.name();
    }

    @Override
    public Mode mode() {
        return cluster.mode();
    }

    @Override
    public void check(Resources resources) {
        cluster.check(resources);
    }

    @Override
    public BackendLimits limits(Path workdir, Resources resources) {
        return cluster.limits(workdir, resources);
    }

    @Override
    public List<String> scriptHeader(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
        return cluster.scriptHeader(spec, attempt, dir);
    }

    @Override
    public List<String> describeLaunch(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
        return cluster.describeLaunch(spec, attempt, dir);
    }

    @Override
    public List<Path> jobDirectories(AttemptDir dir) {
        return cluster.jobDirectories(dir);
    }

    /** Sends the attempt up first (its script, commands and task index), then submits, then sends what the submit recorded. */
    @Override
    public void start(RunDir run, AttemptDir attempt, Progress progress) {
        publish(run);
        try {
            cluster.start(run, attempt, progress);
        } finally {
            publish(run);
        }
    }

    @Override
    public LiveView live(RunDir run) {
        return cluster.live(run);
    }

    @Override
    public Optional<String> measure(RunDir run) {
        return cluster.measure(run);
    }

    @Override
    public void cancel(RunDir run, AttemptDir attempt, Set<Integer> tasks) {
        cluster.cancel(run, attempt, tasks);
    }

    @Override
    public List<Check> checks(Path workdir) {
        return cluster.checks(workdir);
    }

    @Override
    public Duration pollInterval() {
        return cluster.pollInterval();
    }

    @Override
    public void refresh(RunDir run) {
        sync(run, () -> mirror(run).pull(run));
    }

    /** The first push of a run creates its directory there, and refuses one that exists (another laptop's run of that number). */
    @Override
    public void publish(RunDir run) {
        // under the transfer lock: two processes publishing a new run would both find no manifest
        sync(run, () -> mirror(run).push(run, !Files.exists(run.root().resolve(LedgerMirror.MANIFEST))));
    }

    /** {@code scatter rm}: the run's copy on the cluster goes too (its outputs with it: gather first). */
    @Override
    public void forget(RunDir run) {
        RunSpec spec = run.spec();
        String root = spec.remote().orElseThrow().runRoot(spec.id()).toString();
        sync(run, () -> {
            RemoteShell.Exit exit = shell.exec("rm -rf -- " + ShellQuote.quote(root), RemoteShell.Stdin.NONE,
                    RemoteShell.Stdout.DISCARD, java.time.Duration.ofMinutes(10));
            if (!exit.ok()) {
                throw new IOException("rm -rf " + root + " on " + spec.remote().get().destination() + " exited " + exit.code()
                        + ": " + exit.stderr().strip());
            }
        });
    }

    @Override
    public void close() {
        cluster.close();
    }

    /** The backend on the login node, its commands through the connection. */
    public Backend cluster() {
        return cluster;
    }

    /** The connection to the cluster. */
    public RemoteShell shell() {
        return shell;
    }

    /**
     * Brings run {@code id}'s whole ledger from {@code target} into {@code localRoot}: a run started
     * on another machine, followed from this one.
     */
    public static RunDir fetch(RemoteShell shell, RemoteTarget target, String id, Path localRoot) {
        RunDir run = new RunDir(localRoot);
        try {
            Files.createDirectories(localRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sync(run, () -> new LedgerMirror(shell, target.runRoot(id).toString()).pull(run));
        return run;
    }

    private LedgerMirror mirror(RunDir run) {
        RunSpec spec = run.spec();
        return new LedgerMirror(shell, spec.remote().orElseThrow(() -> new IllegalStateException(
                "run " + spec.id() + " has no remote")).runRoot(spec.id()).toString());
    }

    private interface Transfer {
        void run() throws IOException, InterruptedException;
    }

    /**
     * One transfer at a time per run, across processes (a {@code watch} and a {@code status} in
     * another terminal): two pulls computing their offsets from the same manifest would both
     * append the same bytes. The lock file is the mirror's own, never synced.
     */
    private static synchronized void sync(RunDir run, Transfer transfer) {
        try (FileChannel channel = FileChannel.open(run.root().resolve(LedgerMirror.LOCK),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            transfer.run();
        } catch (RemoteShell.Unreachable e) {
            throw new BackendException(e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw new BackendException("cannot keep run " + run.root().getFileName() + "'s ledger in step with the cluster: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while copying run " + run.root().getFileName() + "'s ledger");
        }
    }
}
