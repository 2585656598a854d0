package dev.scatter.core.plan;

import dev.scatter.core.io.ShellQuote;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.Plan;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.TimeLimit;
import dev.scatter.core.spi.Backend;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code --task-time} on a cluster needs nobody watching: with the first wave, scatter submits a
 * small job that waits for it ({@code afterany}) and then runs {@code scatter resume N} on a
 * compute node, which sizes the rest from the wave's measured times and submits it, exactly as a
 * client following the run would. It runs the same scatter the user ran (the launcher names itself
 * in {@value #LAUNCHER_VARIABLE}), which on a cluster lives on the shared file system with Java.
 * <p>Why a job and not a probe before submitting: entries measured on the login node would run
 * where they should not (and where their modules, GPUs or data may not be), and a probe would hold
 * the user's terminal for the wave's whole duration.
 * <p>What it asks for: one core, 1 GB (a JVM and a few scheduler commands), ten minutes, and the
 * run's partition, account and scheduler options (sites require their QOS or account on every job);
 * no GPUs. If it fails (no Java on the nodes, a partition that refuses it), status says so and
 * {@code scatter resume N} or {@code scatter watch N} plans the rest from the login node.
 */
public final class SizingStep {

    /** Set by scatter's launcher to the command that started it (its absolute path). */
    public static final String LAUNCHER_VARIABLE = "SCATTER_LAUNCHER";

    private SizingStep() {
    }

    /** The sizing job's attempt when the run needs one: {@code --task-time} on a cluster, from a launcher that names itself. */
    static Optional<AttemptSpec> attempt(RunRequest request, Backend backend, int number) {
        if (request.taskTime().isEmpty() || backend.mode() != Backend.Mode.SUBMITS || launcher(request).isEmpty()) {
            return Optional.empty();
        }
        Resources r = request.resources();
        Resources small = new Resources(1, Optional.of(MemorySize.parse("1G", "--mem")), Optional.of(TimeLimit.parse("10:00", "-t")),
                0, r.partition(), r.account(), Optional.empty(), r.schedulerOptions());
        return Optional.of(new AttemptSpec(number, Instant.now(), AttemptSpec.SIZE, small, new Plan(List.of(0), 1)));
    }

    /** What the sizing job runs: the same scatter, resuming the run by its directory. */
    static String command(RunRequest request, java.nio.file.Path runRoot) {
        return ShellQuote.quote(launcher(request).orElseThrow()) + " resume " + ShellQuote.quote(runRoot.toAbsolutePath().toString());
    }

    private static Optional<String> launcher(RunRequest request) {
        return Optional.ofNullable(request.environment().get(LAUNCHER_VARIABLE)).filter(s -> s.startsWith("/"));
    }
}
