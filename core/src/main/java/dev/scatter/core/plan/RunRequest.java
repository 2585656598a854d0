package dev.scatter.core.plan;

import dev.scatter.core.input.InputOptions;
import dev.scatter.core.model.ChunkSize;
import dev.scatter.core.model.RemoteTarget;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.TimeLimit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@code scatter run} was asked, before any check.
 *
 * @param workdir     where the user runs scatter; entries run there
 * @param inputs      which entries
 * @param command     the command after {@code --}
 * @param resources   per task
 * @param chunk       entries per task: a number, or auto
 * @param name        {@code --name}, if given
 * @param threadGuard false with {@code --no-thread-guard}
 * @param runDir      {@code --run-dir}, if given
 * @param keepTmp     {@code --keep-tmp}
 * @param before      {@code --before COMMAND}
 * @param then        {@code --then COMMAND}
 * @param taskTime    {@code --task-time DURATION}
 * @param backend     {@code --backend NAME} ({@code auto}: SLURM, PBS or this machine, by what is on PATH)
 * @param simulate    {@code --simulate}: the cluster backend against a simulated cluster in this process
 * @param environment the environment scatter runs in, which tasks may inherit (for warnings; and
 *                    {@code SCATTER_LAUNCHER}, the command a cluster's sizing job runs scatter with,
 *                    see {@link SizingStep}); core never reads the process's own
 * @param remote      {@code --remote}: the cluster over SSH where the tasks run, its directory resolved
 *                    ({@code workdir} stays where the inputs are read, here)
 */
public record RunRequest(Path workdir, InputOptions inputs, List<String> command, Resources resources, ChunkSize chunk,
                         Optional<String> name, boolean threadGuard, Optional<Path> runDir, boolean keepTmp,
                         Optional<String> before, Optional<String> then,
                         Optional<TimeLimit> taskTime, String backend, boolean simulate, Map<String, String> environment,
                         Optional<RemoteTarget> remote) {

    public RunRequest {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** A request run on this machine's scheduler or here: no {@code --remote}. */
    public RunRequest(Path workdir, InputOptions inputs, List<String> command, Resources resources, ChunkSize chunk,
                      Optional<String> name, boolean threadGuard, Optional<Path> runDir, boolean keepTmp,
                      Optional<String> before, Optional<String> then,
                      Optional<TimeLimit> taskTime, String backend, boolean simulate, Map<String, String> environment) {
        this(workdir, inputs, command, resources, chunk, name, threadGuard, runDir, keepTmp, before, then, taskTime,
                backend, simulate, environment, Optional.empty());
    }

    /** This request with its tasks run on {@code target}. */
    public RunRequest onRemote(RemoteTarget target) {
        return new RunRequest(workdir, inputs, command, resources, chunk, name, threadGuard, runDir, keepTmp, before, then,
                taskTime, backend, simulate, environment, Optional.of(target));
    }
}
