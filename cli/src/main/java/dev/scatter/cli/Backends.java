package dev.scatter.cli;

import dev.scatter.core.UsageException;
import dev.scatter.core.spi.Backend;
import dev.scatter.local.LocalBackend;
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

    /** True when starting an attempt runs it to the end here (the local machine). */
    static boolean runsInForeground(Backend backend) {
        return backend instanceof LocalBackend;
    }

    /** {@code auto}: SLURM when {@code sbatch} is on PATH, else this machine. */
    static Backend named(String name) {
        return switch (name) {
            case "local" -> new LocalBackend();
            case "slurm" -> SlurmBackend.create();
            case "auto" -> SlurmBackend.onPath() ? SlurmBackend.create() : new LocalBackend();
            default -> throw new UsageException("--backend " + name + " is not known: use local, slurm or auto");
        };
    }
}
