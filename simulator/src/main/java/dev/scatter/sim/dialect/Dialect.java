package dev.scatter.sim.dialect;

import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;

import java.util.Random;
import java.util.Set;

/** One scheduler's command-line tools, printing what the real ones print. */
public interface Dialect {

    /** What a command does, so faults hit the right ones. */
    enum Kind { SUBMIT, STATUS, CONTROL }

    /** Programs this dialect answers, e.g. {@code sbatch squeue sacct scancel scontrol}. */
    Set<String> programs();

    Kind kind(String program);

    /** Runs one command. Throws {@link NeedsStdin} if it must read stdin that is not there yet. */
    Reply run(dev.scatter.sim.Invocation invocation);

    /** What the tool prints when its server does not answer (a transient failure). */
    Reply transientFailure(String program, Random random);
}
