package dev.scatter.slurm;

import dev.scatter.core.UsageException;
import dev.scatter.core.grid.ArraySubmission;
import dev.scatter.core.grid.Directive;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * SLURM options as (flag, value) pairs ({@link Directive}): the attempt-wide ones become the
 * {@code #SBATCH} header of {@code task.sh}; the per-array ones (name, index range, offset,
 * dependency) go on each sbatch command line, which overrides the header
 * (https://slurm.schedmd.com/sbatch.html: "command line options will override any options set
 * in a batch script").
 */
final class SlurmScriptGenerator {

    static final String PREFIX = "#SBATCH";
    private static final String LOG_DIR = "slurm";
    /** Options scatter sets per array; a --sched-opt with one of them would break the run. */
    private static final List<String> OURS = List.of("-a", "--array", "-J", "--job-name", "--export", "--wrap",
            "--parsable", "-d", "--dependency");

    private SlurmScriptGenerator() {
    }

    /** The attempt-wide directives, in header order. */
    static List<Directive> attemptDirectives(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
        Resources r = attempt.resources();
        List<Directive> d = new ArrayList<>();
        // each sbatch sets its own unique name; this one only names task.sh if submitted by hand
        d.add(Directive.of("--job-name", "sc-" + spec.id() + "-" + attempt.number()));
        d.add(Directive.of("--chdir", spec.workdir().toString()));
        // The wrapper writes each entry's output itself (tasks/T.out, .err); SLURM's own file keeps
        // what slurmstepd says about the task, such as the memory-kill line (fixtures trap 1).
        d.add(Directive.of("--output", escape(dir.jobRoot(spec).resolve(LOG_DIR).toString()) + "/%A_%a.log"));
        // a node failure or preemption ends the task LOST; scatter retry runs it again, once
        d.add(Directive.flag("--no-requeue"));
        d.add(Directive.of("--cpus-per-task", Integer.toString(r.cpus())));
        r.memory().ifPresent(m -> d.add(Directive.of("--mem", m.toString())));
        r.time().ifPresent(t -> d.add(Directive.of("--time", t.slurm())));
        if (r.gpus() > 0) {
            d.add(Directive.of("--gpus", Integer.toString(r.gpus())));
        }
        r.partition().ifPresent(p -> d.add(Directive.of("--partition", p)));
        r.account().ifPresent(a -> d.add(Directive.of("--account", a)));
        // last, so that a user's option wins over ours (the last occurrence of an option counts)
        r.schedulerOptions().forEach(o -> d.add(Directive.verbatim(o)));
        return d;
    }

    /** The per-array directives, for the sbatch command line. */
    static List<Directive> arrayDirectives(ArraySubmission a) {
        List<Directive> d = new ArrayList<>();
        d.add(Directive.of("--job-name", a.jobName()));
        d.add(Directive.of("--array", "0-" + (a.size() - 1) + a.maxRunning().map(n -> "%" + n).orElse("")));
        // the task number is index + offset: indices stay below MaxArraySize (fixtures sbatch_err_array_above_max)
        d.add(Directive.of("--export", "ALL,SCATTER_INDEX_OFFSET=" + a.offset()));
        // several conditions joined by "," must all hold: https://slurm.schedmd.com/sbatch.html#OPT_dependency
        List<String> conditions = new ArrayList<>();
        a.after().ifPresent(id -> conditions.add("afterany:" + id));
        if (!a.afterOk().isEmpty()) {
            conditions.add("afterok:" + String.join(":", a.afterOk()));
        }
        if (!conditions.isEmpty()) {
            d.add(Directive.of("--dependency", String.join(",", conditions)));
        }
        return d;
    }

    static List<String> header(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
        return attemptDirectives(spec, attempt, dir).stream().map(x -> x.line(PREFIX)).toList();
    }

    static List<String> submitCommand(ArraySubmission a) {
        List<String> argv = new ArrayList<>(List.of("sbatch", "--parsable"));
        arrayDirectives(a).forEach(x -> argv.add(x.word()));
        argv.add(a.script().toString());
        return argv;
    }

    static Path logDir(AttemptDir dir) {
        return dir.root().resolve(LOG_DIR);
    }

    /** Refuses --sched-opt values that would take over what scatter sets per array. */
    static void check(Resources r) {
        for (String opt : r.schedulerOptions()) {
            String flag = opt.strip().split("[\\s=]", 2)[0];
            for (String ours : OURS) {
                if (flag.equals(ours) || (ours.startsWith("--") && ours.length() > 3 && flag.length() > 3
                        && ours.startsWith(flag) && flag.startsWith("--"))) {
                    throw new UsageException("--sched-opt '" + opt + "': scatter sets " + ours + " itself for each array"
                            + " (--max-running gives %N, entries choose the array); drop this option");
                }
            }
        }
    }

    /** SLURM expands %-patterns in --output; a literal % in the path must be doubled. */
    private static String escape(String path) {
        return path.replace("%", "%%");
    }
}
