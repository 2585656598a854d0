package dev.scatter.pbs;

import dev.scatter.core.grid.Advice;
import dev.scatter.core.grid.SubmitOutcome;
import dev.scatter.core.spi.CommandResult;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What {@code qsub} answered: the job id (the whole line, {@code 123[].pbshost} for an array,
 * {@code 123.pbshost} for a plain job: fixtures qsub_array_0_5, qsub_plain_script), a queue
 * limit, a vanished dependency, or a rejection with what to change (trap PBS 2: exit 2 usage,
 * 3 array too big (halved until it fits), 166 bad value, 170 unknown queue, 175 root, 187 unknown resource, 1 missing script).
 */
final class PbsSubmitParser {

    private static final Pattern JOB_ID = Pattern.compile("\\d+(?:\\[\\])?(?:\\.\\S+)?");
    /** Per-user or per-queue limits on queued jobs (PBS: max_queued, "would exceed …limit"; Torque: max_user_queuable). */
    private static final Pattern LIMIT = Pattern.compile(
            "(?i)(would exceed[^\\n]*limit[^\\n]*|Maximum number of jobs already in queue[^\\n]*|max_user_queuable[^\\n]*)");

    /** An array above the server's or the queue's max_array_size (Torque: max_job_array_size). */
    private static final Pattern ARRAY_TOO_BIG = Pattern.compile("exceeds server or queue size limit|max_job_array_size");

    /** Rejections and what to change, matched against qsub's stderr (fixtures qsub_err_*; Torque's texts from its docs). */
    private static final List<String[]> ADVICE = List.of(
            new String[] {"unknown queue", "check -p/--partition: `qstat -Q` lists the queues"},
            new String[] {"illegal attribute or resource value",
                    "PBS cannot read or allow a value: -c, --mem (whole mb or gb), -t, or a -l in --sched-opt; `qstat -Bf` shows the server's limits"},
            new String[] {"unknown resource",
                    "this server does not define a resource asked for: --gpus (ngpus) or a -l in --sched-opt; `pbsnodes -a` lists what nodes have"},
            new String[] {"resource limits",
                    "lower -c, --mem or -t to what the queue allows (`qstat -Qf QUEUE` shows it), or choose another queue with -p"},
            new String[] {"unauthorized request", "you may not use this queue or account: check -p/--partition and -A/--account"},
            new String[] {"non-rerunable array", "drop `-r n` from --sched-opt: PBS refuses arrays that may not be rerun"},
            new String[] {"invalid option", "a --sched-opt is not a qsub option: see `man qsub`"},
            new String[] {"illegal -", "qsub refuses a value of one of its options (see its usage above): check --sched-opt"},
            new String[] {"no such file", "the attempt's task.sh is missing: was the run directory moved or deleted?"});

    private PbsSubmitParser() {
    }

    /** The job id: the last line of qsub's standard output that is one ({@link IllegalArgumentException} quoting the text otherwise). */
    static String jobId(String stdout, String tag) {
        List<String> lines = stdout.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (JOB_ID.matcher(lines.get(i)).matches()) {
                return lines.get(i);
            }
        }
        throw new IllegalArgumentException(tag + " qsub printed no job id (expected '123[].server', '123.server' or '123'): '"
                + stdout.strip() + "'");
    }

    static SubmitOutcome outcome(CommandResult r, PbsStatusParser status, String tag) {
        if (r.succeeded()) {
            try {
                return new SubmitOutcome.Accepted(jobId(r.stdout(), tag));
            } catch (IllegalArgumentException noId) {
                // exit 0 without an id (-z in a user's qsub defaults): the job may exist; find it by name
                return new SubmitOutcome.Transient(noId.getMessage());
            }
        }
        String text = r.stderr() + "\n" + r.stdout();
        if (status.isTransient(text)) {
            return new SubmitOutcome.Transient(r.stderr().strip());
        }
        if (text.contains("Bad UID for job execution")) {
            // fixtures qsub_err_root_bad_uid: root may not submit unless the server's acl_roots says so
            return new SubmitOutcome.Rejected(r.describeFailure(tag + " qsub refused the array: PBS runs no jobs for root")
                    + "\n  what to change: run scatter as a normal user (PBS refuses root's jobs unless the server's acl_roots"
                    + " allows them)");
        }
        var limit = LIMIT.matcher(text);
        if (limit.find()) {
            return new SubmitOutcome.LimitReached(limit.group(1).strip());
        }
        if (ARRAY_TOO_BIG.matcher(text).find()) {
            // fixtures qsub_err_J_too_big (exit 3). A queue may allow fewer than the server's
            // max_array_size, and Torque's limit is not always visible: halving the array finds what fits
            return new SubmitOutcome.LimitReached("max_array_size: " + PbsStatusParser.firstLine(r.stderr()).replaceFirst("^qsub: ", ""));
        }
        if (text.contains("Unknown Job Id") || text.contains("Job has finished")) {
            // only -W depend names another job: the array it was to wait for is gone
            return new SubmitOutcome.DependencyRefused(r.stderr().strip());
        }
        return new SubmitOutcome.Rejected(r.describeFailure(tag + " qsub rejected the array") + "\n  what to change: "
                + advice(text));
    }

    static String advice(String text) {
        return Advice.lookup(text, ADVICE, "read qsub's message above; the options come from -c, --mem, -t, --gpus, -p, -A and --sched-opt");
    }
}
