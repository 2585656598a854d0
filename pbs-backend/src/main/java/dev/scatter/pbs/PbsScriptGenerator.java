package dev.scatter.pbs;

import dev.scatter.core.UsageException;
import dev.scatter.core.grid.ArraySubmission;
import dev.scatter.core.grid.Directive;
import dev.scatter.core.ledger.AttemptDir;
import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.Resources;
import dev.scatter.core.model.RunSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OpenPBS / PBS Pro options as (flag, value) pairs ({@link Directive}), rendered PBS's way: a
 * flag, a blank, its value ({@code #PBS -l walltime=01:00:00}, argv {@code -J 0-99%5}). The
 * attempt-wide ones become the {@code #PBS} header of {@code task.sh}; the per-array ones (name,
 * index range, offset, dependencies) go on each qsub command line, which overrides the header
 * (qsub(1B): "options on the command line take precedence over directives in the script").
 * {@link TorqueScriptGenerator} swaps the resource and array options.
 */
class PbsScriptGenerator {

    static final String PREFIX = "#PBS";
    private static final String LOG_DIR = "pbs";
    /** PBS refuses job names longer than 15 characters on older servers (Nextflow's PbsExecutor; psij). */
    static final int NAME_LENGTH = 15;
    /** The job's environment variable holding the full unique name, for finding a lost submission. */
    static final String NAME_VARIABLE = "SCATTER_JOB_NAME";

    /** The -J array option; Torque's is -t. */
    protected String arrayFlag() {
        return "-J";
    }

    /** The attempt-wide directives, in header order. */
    List<Directive> attemptDirectives(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
        Resources r = attempt.resources();
        List<Directive> d = new ArrayList<>();
        // each qsub sets its own name; this one only names task.sh if submitted by hand
        d.add(Directive.of("-N", shortName("sc-" + spec.id() + "-" + attempt.number())));
        // PBS's own output file per task: the wrapper writes each entry's output itself (tasks/T.out,
        // .err), so this keeps what PBS says about the task, such as "=>> PBS: job killed: walltime
        // 61 exceeded limit 60" (fixtures cat_walltime_stderr). A directory: PBS names the file after
        // the (sub)job id, "20[0].pbshost.OU" (fixtures qsub_out_directory, ls_output_names), which
        // ^array_index^ could not do for several arrays of one attempt.
        d.add(Directive.of("-j", "oe"));
        d.add(Directive.of("-o", dir.jobRoot(spec).resolve(LOG_DIR) + "/"));
        d.addAll(resources(r));
        r.partition().ifPresent(q -> d.add(Directive.of("-q", q)));
        r.account().ifPresent(a -> d.add(Directive.of("-A", a)));
        // last, so that a user's option wins over ours (a later -l of the same resource counts)
        r.schedulerOptions().forEach(o -> d.add(Directive.verbatim(o)));
        return d;
    }

    /**
     * One chunk with the task's cpus, memory and GPUs, and the walltime. PBS sets NCPUS and
     * OMP_NUM_THREADS to the chunk's ncpus (fixtures env_subjob), which equals the wrapper's
     * thread guard. Memory is a whole number of mb or gb: qsub refuses {@code 1.5gb} (exit 166).
     */
    protected List<Directive> resources(Resources r) {
        List<Directive> d = new ArrayList<>();
        StringBuilder select = new StringBuilder("1:ncpus=").append(r.cpus());
        r.memory().ifPresent(m -> select.append(":mem=").append(memory(m)));
        if (r.gpus() > 0) {
            select.append(":ngpus=").append(r.gpus());
        }
        d.add(Directive.of("-l", "select=" + select));
        r.time().ifPresent(t -> d.add(Directive.of("-l", "walltime=" + t.hoursMinutesSeconds())));
        return d;
    }

    /** The per-array directives, for the qsub command line. */
    List<Directive> arrayDirectives(ArraySubmission a) {
        List<Directive> d = new ArrayList<>();
        d.add(Directive.of("-N", shortName(a.jobName())));
        List<String> variables = new ArrayList<>();
        if (a.size() == 1) {
            // "-J 0-0" is illegal (fixtures qsub_err_J_0_0, trap PBS 1): one task is a plain job,
            // told its index as the local backend tells it
            variables.add("SCATTER_TASK_INDEX=0");
        } else {
            d.add(Directive.of(arrayFlag(), "0-" + (a.size() - 1) + a.maxRunning().map(n -> "%" + n).orElse("")));
        }
        // the task number is index + offset: arrays stay below max_array_size (fixtures qsub_err_J_too_big)
        variables.add("SCATTER_INDEX_OFFSET=" + a.offset());
        variables.add(NAME_VARIABLE + "=" + a.jobName());
        d.add(Directive.of("-v", String.join(",", variables)));
        List<String> conditions = new ArrayList<>();
        a.after().ifPresent(id -> conditions.add(afterAny(id)));
        if (!a.afterOk().isEmpty()) {
            conditions.add(afterOk(a.afterOk()));
        }
        if (!conditions.isEmpty()) {
            // several conditions joined by "," must all hold (qsub(1B), -W depend=type:id[:id…][,type:…])
            d.add(Directive.of("-W", "depend=" + String.join(",", conditions)));
        }
        return d;
    }

    /** Start after the array {@code id} ended, however it ended. */
    protected String afterAny(String id) {
        return "afterany:" + id;
    }

    /** Start after every job of {@code ids} succeeded (an array id stands for the whole array). */
    protected String afterOk(List<String> ids) {
        return "afterok:" + String.join(":", ids);
    }

    List<String> header(RunSpec spec, AttemptSpec attempt, AttemptDir dir) {
        return attemptDirectives(spec, attempt, dir).stream().map(d -> d.line(PREFIX, " ")).toList();
    }

    List<String> submitCommand(ArraySubmission a) {
        List<String> argv = new ArrayList<>(List.of("qsub"));
        for (Directive x : arrayDirectives(a)) {
            argv.add(x.flag());
            x.value().ifPresent(argv::add);
        }
        argv.add(a.script().toString());
        return argv;
    }

    static Path logDir(AttemptDir dir) {
        return dir.root().resolve(LOG_DIR);
    }

    /** Options scatter sets per array or per attempt; a --sched-opt with one of them would break the run. */
    protected List<String> ourFlags() {
        return List.of("-J", "-N", "-o", "-e", "-j", "-v", "-z");
    }

    /** Refuses --sched-opt values that would take over what scatter sets. */
    void check(Resources r) {
        for (String opt : r.schedulerOptions()) {
            String t = opt.strip();
            String flag = t.length() >= 2 && t.charAt(0) == '-' ? t.substring(0, 2) : t;
            if (ourFlags().contains(flag)) {
                throw new UsageException("--sched-opt '" + opt + "': scatter sets " + flag + " itself (" + why(flag)
                        + "); drop this option");
            }
            String lower = t.toLowerCase(Locale.ROOT);
            if (flag.equals("-W") && (lower.contains("depend=") || lower.contains("block="))) {
                throw new UsageException("--sched-opt '" + opt + "': scatter sets -W depend itself (--max-running across"
                        + " arrays, --before and --then) and never blocks; drop this option");
            }
        }
    }

    private String why(String flag) {
        return switch (flag) {
            case "-N" -> "a unique name per array, to find a submission again";
            case "-o", "-e", "-j" -> "PBS's own output goes to the attempt's pbs/ directory; each entry's output is in"
                    + " scatter logs";
            case "-v" -> "the task's offset; set variables in the command instead, e.g. FOO=bar prog";
            case "-z" -> "it reads the job id qsub prints";
            default -> "--max-running gives %N, entries choose the array";
        };
    }

    /**
     * A job name PBS accepts everywhere: at most 15 characters of letters, digits, {@code _ . -},
     * starting with a letter (qsub refuses {@code -N "a b"}: fixtures qsub_err_name). The full
     * unique name travels in {@value #NAME_VARIABLE}.
     */
    static String shortName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "s" + s;
        }
        return s.length() > NAME_LENGTH ? s.substring(0, NAME_LENGTH) : s;
    }

    /** PBS sizes: whole megabytes, or gigabytes when exact ({@code mem=100mb}, {@code mem=4gb}). */
    static String memory(MemorySize m) {
        return m.megabytes() % 1024 == 0 ? (m.megabytes() / 1024) + "gb" : m.megabytes() + "mb";
    }
}
