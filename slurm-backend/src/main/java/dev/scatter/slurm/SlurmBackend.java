package dev.scatter.slurm;

import dev.scatter.core.grid.GridBackend;
import dev.scatter.core.grid.GridTuning;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.core.spi.ProcessCommandRunner;
import java.nio.file.Path;
import java.util.Optional;

/**
 * SLURM job arrays ({@code --backend slurm}): {@link SlurmScheduler}'s commands on core's
 * {@link GridBackend}. {@code scatter run} submits and returns; status polls squeue (and sacct for
 * tasks gone from it); the wrapper's records decide every entry's exit code.
 */
public final class SlurmBackend {

    public static final String NAME = "slurm";

    private SlurmBackend() {
    }

    /**
     * Through {@code runner}: local processes on a login node, the login node over ssh
     * ({@code --remote}), or the simulator's {@code SimulatedCommandRunner} for {@code --simulate}.
     */
    public static GridBackend create(CommandRunner runner, GridTuning tuning) {
        return new GridBackend(new SlurmScheduler(), runner, tuning);
    }

    /** Where {@code sbatch} is on PATH, if it is: {@code --backend auto} picks SLURM then. */
    public static Optional<Path> onPath() {
        return ProcessCommandRunner.which("sbatch");
    }
}
