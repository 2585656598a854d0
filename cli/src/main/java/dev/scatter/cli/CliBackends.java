package dev.scatter.cli;

import dev.scatter.core.UsageException;
import dev.scatter.core.grid.GridTuning;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.BackendCatalog;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.core.spi.ProcessCommandRunner;
import dev.scatter.local.LocalBackend;
import dev.scatter.pbs.PbsBackend;
import dev.scatter.sim.Scheduler;
import dev.scatter.sim.backend.SimulatedBackend;
import dev.scatter.slurm.SlurmBackend;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The backends this build knows, by name. Wired explicitly (no ServiceLoader) so a native image
 * needs no reflection configuration.
 */
final class CliBackends implements BackendCatalog {

    private static final String LOCAL = "local";

    /** {@code --backend NAME --simulate}: the cluster backend against a simulated cluster in this process. */
    @Override
    public Backend simulated(String name) {
        return switch (name) {
            case SlurmBackend.NAME -> new SimulatedBackend(Scheduler.SLURM,
                    runner -> SlurmBackend.create(runner, SimulatedBackend.tuning()));
            // a simulated OpenPBS as installed: job history off
            case PbsBackend.NAME, PbsBackend.PBS_PRO -> new SimulatedBackend(Scheduler.OPENPBS,
                    runner -> PbsBackend.pbsPro(runner, SimulatedBackend.tuning()));
            case PbsBackend.TORQUE -> new SimulatedBackend(Scheduler.TORQUE,
                    runner -> PbsBackend.torque(runner, SimulatedBackend.tuning()));
            default -> throw new UsageException("--simulate works with --backend slurm, pbs, pbs-pro or torque, not " + name);
        };
    }

    /**
     * The cluster backend {@code name} with its commands run through {@code runner}: local processes
     * on a login node, or the login node over ssh ({@code --remote}).
     */
    @Override
    public Backend open(String name, CommandRunner runner) {
        GridTuning tuning = GridTuning.fromEnvironment();
        return switch (name) {
            case SlurmBackend.NAME -> SlurmBackend.create(runner, tuning);
            case PbsBackend.NAME -> PbsBackend.create(runner, tuning);
            case PbsBackend.PBS_PRO -> PbsBackend.pbsPro(runner, tuning);
            case PbsBackend.TORQUE -> PbsBackend.torque(runner, tuning);
            default -> throw new UsageException("--remote works with --backend slurm, pbs, pbs-pro, torque or auto, not " + name);
        };
    }

    /** SLURM when {@code sbatch} is on PATH, else PBS when {@code qsub} is, else this machine. */
    @Override
    public Choice auto() {
        Optional<Path> sbatch = SlurmBackend.onPath();
        if (sbatch.isPresent()) {
            return new Choice(SlurmBackend.NAME, "sbatch is on PATH at " + sbatch.get());
        }
        Optional<Path> qsub = PbsBackend.onPath();
        if (qsub.isPresent()) {
            return new Choice(PbsBackend.NAME, "qsub is on PATH at " + qsub.get() + " (sbatch is not)");
        }
        return new Choice(LOCAL, "neither sbatch nor qsub is on PATH");
    }

    /**
     * {@code auto}: as {@link #auto()} chooses. {@code pbs} asks {@code qstat --version} whether it
     * is PBS Pro or Torque; a run records the flavour ({@code pbs-pro}, {@code torque}), so later
     * commands do not ask again.
     */
    @Override
    public Backend open(String name) {
        if (name.endsWith(SimulatedBackend.SUFFIX)) {
            return simulated(name.substring(0, name.length() - SimulatedBackend.SUFFIX.length()));
        }
        return switch (name) {
            case LOCAL -> new LocalBackend();
            // this machine's scheduler commands: the cluster backends --remote runs over ssh, here as processes
            case SlurmBackend.NAME, PbsBackend.NAME, PbsBackend.PBS_PRO, PbsBackend.TORQUE -> open(name, new ProcessCommandRunner());
            case "auto" -> open(auto().backend());
            default -> throw new UsageException("--backend " + name + " is not known: use local, slurm, pbs, pbs-pro, torque or auto");
        };
    }
}
