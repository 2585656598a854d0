package dev.scatter.sim.slurm;

import dev.scatter.sim.Reply;
import dev.scatter.sim.dialect.Getopt;

import java.util.List;

/**
 * What sbatch, squeue, sacct and scancel do first: parse the options, answer a bad one with
 * getopt's message and SLURM's "Try ... --help" line, and {@code --version} with the version.
 *
 * @param args  the parsed options, unless the option parse failed
 * @param reply the answer when the command ends here (bad option, {@code --version}), else null
 */
record SlurmCommandLine(Getopt.Result args, Reply reply) {

    /** {@code badOptionExit}: 255 for sbatch, which exits so on every client-side error; 1 elsewhere. */
    static SlurmCommandLine parse(String program, Getopt options, List<String> argv, int badOptionExit) {
        Getopt.Result args;
        try {
            args = options.parse(argv);
        } catch (Getopt.Failure f) {
            return new SlurmCommandLine(null, badOption(program, f, badOptionExit));
        }
        if (args.has("version")) {
            return new SlurmCommandLine(args, Reply.ok(SlurmDialect.VERSION + "\n"));
        }
        return new SlurmCommandLine(args, null);
    }

    static Reply badOption(String program, Getopt.Failure f, int exit) {
        return Reply.error(exit, f.message(program) + "\nTry \"" + program + " --help\" for more information\n");
    }
}
