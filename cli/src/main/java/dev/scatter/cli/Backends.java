package dev.scatter.cli;

import dev.scatter.core.UsageException;
import dev.scatter.core.spi.Backend;
import dev.scatter.local.LocalBackend;
import dev.scatter.pbs.PbsBackend;
import dev.scatter.slurm.SlurmBackend;

/**
 * The backends this build knows, by name. Wired explicitly (no ServiceLoader) so a native image
 * needs no reflection configuration.
 */
final class Backends {

    private Backends() {
    }

    /** The backend a run was created with. */
    static Backend forRun(dev.scatter.core.ledger.RunDir run) {
        return named(run.spec().backend());
    }

    /** {@code --backend NAME --simulate}: the cluster backend against a simulated cluster in this process. */
    static SimulatedBackend simulated(String name) {
        return switch (name) {
            case "slurm" -> new SimulatedBackend(dev.scatter.sim.Scheduler.SLURM,
                    runner -> SlurmBackend.create(runner, SimulatedBackend.pollFloor()));
            // a simulated OpenPBS as installed: job history off
            case PbsBackend.NAME, PbsBackend.PBS_PRO -> new SimulatedBackend(dev.scatter.sim.Scheduler.OPENPBS,
                    runner -> PbsBackend.pbsPro(runner, SimulatedBackend.pollFloor()));
            case PbsBackend.TORQUE -> new SimulatedBackend(dev.scatter.sim.Scheduler.TORQUE,
                    runner -> PbsBackend.torque(runner, SimulatedBackend.pollFloor()));
            default -> throw new UsageException("--simulate works with --backend slurm, pbs, pbs-pro or torque, not " + name);
        };
    }

    /** Runs {@code work} with {@code backend}, then ends what the backend holds in this process. */
    static int using(Backend backend, java.util.function.ToIntFunction<Backend> work) {
        try {
            return work.applyAsInt(backend);
        } finally {
            release(backend);
        }
    }

    /** Ends what a backend holds in this process (a simulated cluster). */
    static void release(Backend backend) {
        if (backend instanceof SimulatedBackend sim) {
            sim.close();
        }
    }

    /** True when starting an attempt runs it to the end here (the local machine). */
    static boolean runsInForeground(Backend backend) {
        return backend.mode() == Backend.Mode.EXECUTES;
    }

    /**
     * {@code auto}: SLURM when {@code sbatch} is on PATH, else PBS when {@code qsub} is, else this
     * machine. {@code pbs} asks {@code qstat --version} whether it is PBS Pro or Torque; a run
     * records the flavour ({@code pbs-pro}, {@code torque}), so later commands do not ask again.
     */
    static Backend named(String name) {
        if (name.endsWith(SimulatedBackend.SUFFIX)) {
            return simulated(name.substring(0, name.length() - SimulatedBackend.SUFFIX.length()));
        }
        return switch (name) {
            case "local" -> new LocalBackend();
            case "slurm" -> SlurmBackend.create();
            case PbsBackend.NAME -> PbsBackend.create();
            case PbsBackend.PBS_PRO -> PbsBackend.pbsPro();
            case PbsBackend.TORQUE -> PbsBackend.torque();
            case "auto" -> SlurmBackend.onPath() ? SlurmBackend.create()
                    : PbsBackend.onPath() ? PbsBackend.create() : new LocalBackend();
            default -> throw new UsageException("--backend " + name + " is not known: use local, slurm, pbs, pbs-pro, torque or auto");
        };
    }
}
