package dev.scatter.local;

import dev.scatter.core.UsageException;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.ledger.RunDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.BackendLimits;
import dev.scatter.core.spi.Check;
import dev.scatter.core.spi.LiveView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The local machine as a backend: the embedded default. {@code scatter run} is the executor and
 * stays until the run ends; tasks run the same {@code task.sh} a cluster would, in a pool sized by
 * {@link LocalPool}. Partition, account and scheduler options are kept in the spec but mean
 * nothing here.
 */
public final class LocalBackend implements Backend {

    private final LocalMachine machine;

    public LocalBackend() {
        this(LocalMachine.detect());
    }

    public LocalBackend(LocalMachine machine) {
        this.machine = machine;
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Mode mode() {
        return Mode.EXECUTES;
    }

    @Override
    public void check(Resources r) {
        if (r.cpus() > machine.cores()) {
            throw new UsageException("-c " + r.cpus() + " asks for " + r.cpus() + " cpus per task but this machine has "
                    + machine.cores() + ": lower -c, or run on a cluster (--backend slurm or pbs)");
        }
        if (r.memory().isPresent() && r.memory().get().megabytes() > machine.totalMemoryMb()) {
            throw new UsageException("--mem " + r.memory().get() + " is more than this machine's " + machine.totalMemoryMb()
                    + "M: lower --mem, or run on a cluster (--backend slurm or pbs)");
        }
        if (r.gpus() > machine.gpus().size()) {
            throw new UsageException("--gpus " + r.gpus() + " asks for more GPUs than this machine has ("
                    + machine.gpus().size() + " found): drop --gpus, or set SCATTER_LOCAL_GPUS if detection missed them");
        }
    }

    @Override
    public List<String> scriptHeader(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
        return List.of();
    }

    @Override
    public List<String> describeLaunch(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
        LocalPool pool = LocalPool.size(machine, attempt.resources(), attempt.taskCount());
        String gpus = attempt.resources().gpus() > 0
                ? "; slot k gets CUDA_VISIBLE_DEVICES = GPUs " + attempt.resources().gpus() + "·k … " + attempt.resources().gpus() + "·k+"
                + (attempt.resources().gpus() - 1) + " of " + String.join(",", machine.gpus())
                : "";
        return List.of("local: " + pool.slots() + " task(s) at once (limited by " + pool.limitedBy() + ")" + gpus,
                "each slot runs: SCATTER_WORKER=1 setsid bash " + dir.script() + " (one long-lived worker per slot)",
                "limits per task: time " + attempt.resources().time().map(Object::toString).orElse("none")
                        + ", memory " + attempt.resources().memory().map(Object::toString).orElse("none")
                        + " (resident memory of the task's process tree)");
    }

    /** No arrays here; the pool's slots for these resources. */
    @Override
    public BackendLimits limits(Path workdir, Resources r) {
        return new BackendLimits(OptionalInt.empty(), OptionalInt.of(LocalPool.size(machine, r, Integer.MAX_VALUE).slots()));
    }

    /** The cores and memory tasks get here, and the pool they give tasks of one cpu each. */
    @Override
    public List<Check> checks(Path workdir) {
        List<Check> out = new ArrayList<>();
        out.add(Check.ok("cores", machine.cores() + " for tasks here (after cgroup limits and CPU affinity;"
                + " SCATTER_LOCAL_CPUS sets fewer)"));
        boolean known = machine.totalMemoryMb() < Long.MAX_VALUE / (1024 * 1024);
        out.add(Check.ok("memory", known ? gib(machine.totalMemoryMb()) + ", " + gib(machine.usableMemoryMb()) + " available now"
                : "unknown (no /proc/meminfo): tasks are not held back by memory"));
        LocalPool pool = LocalPool.size(machine, Resources.defaults(), Integer.MAX_VALUE);
        out.add(Check.ok("pool", pool.slots() + " task(s) at once with 1 cpu per task (" + pool.limitedBy()
                + "); -c, --mem, --gpus and --max-running make it smaller"));
        if (!machine.gpus().isEmpty()) {
            out.add(Check.ok("gpus", String.join(",", machine.gpus()) + " (CUDA_VISIBLE_DEVICES values tasks are given)"));
        }
        return out;
    }

    private static String gib(long megabytes) {
        return String.format(Locale.ROOT, "%.1f GiB", megabytes / 1024.0);
    }

    @Override
    public void start(RunDir run, AttemptDir attempt, Progress progress) {
        new LocalExecutor(run, attempt, machine, progress).execute();
    }

    @Override
    public void cancel(RunDir run, AttemptDir attempt, java.util.Set<Integer> tasks) {
        // the executor watches the attempt's cancelled file and stops those entries itself
    }

    @Override
    public LiveView live(RunDir run) {
        return LocalLiveView.of(run);
    }

    public LocalMachine machine() {
        return machine;
    }
}
