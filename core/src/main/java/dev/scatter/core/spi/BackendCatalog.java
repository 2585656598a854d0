package dev.scatter.core.spi;

/**
 * The backends a program knows, by name: how {@code dev.scatter.core.run.Runs} opens the backend a
 * run asks for or was created with. The CLI wires its backends explicitly (no ServiceLoader, so a
 * native image needs no reflection configuration); a Java caller may wire its own.
 */
public interface BackendCatalog {

    /**
     * The backend called {@code name}: as given to {@code --backend} ({@code local}, {@code slurm},
     * {@code pbs}, {@code pbs-pro}, {@code torque}, {@code auto}) or as a run recorded it
     * ({@code slurm+sim} …). A {@link dev.scatter.core.UsageException} when there is none.
     */
    Backend open(String name);

    /**
     * The cluster backend called {@code name} ({@code slurm}, {@code pbs}, {@code pbs-pro},
     * {@code torque}) running its commands through {@code runner}: how {@code --remote} reaches a
     * login node over SSH. A {@link dev.scatter.core.UsageException} for a backend that is not a cluster's.
     */
    default Backend open(String name, CommandRunner runner) {
        throw new dev.scatter.core.UsageException("--backend " + name + " cannot run on a remote cluster");
    }

    /** {@code --simulate}: the cluster backend called {@code name}, against a simulated cluster in this process. */
    Backend simulated(String name);

    /**
     * What {@code auto} opens here, and why: the rule {@link #open open("auto")} follows, for
     * {@code scatter doctor} to tell. A catalog that does not say opens {@code auto} as it is.
     */
    default Choice auto() {
        return new Choice("auto", "this program does not say how it chooses");
    }

    /**
     * A backend {@code auto} picks.
     *
     * @param backend the name to {@link #open} ({@code slurm}, {@code pbs}, {@code local})
     * @param reason  why, in words: "sbatch is on PATH at /usr/bin/sbatch"
     */
    record Choice(String backend, String reason) {
    }
}
