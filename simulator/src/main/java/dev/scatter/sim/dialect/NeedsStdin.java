package dev.scatter.sim.dialect;

/**
 * Thrown when a command must read its standard input (sbatch or qsub without a script) and the
 * invocation does not carry it yet. The server then asks its client to send stdin; it never
 * reads stdin it does not need, so a command run from a terminal never blocks.
 */
public final class NeedsStdin extends RuntimeException {

    public NeedsStdin() {
        super("the command reads its script from standard input", null, false, false);
    }
}
