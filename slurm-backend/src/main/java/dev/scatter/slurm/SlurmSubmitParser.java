package dev.scatter.slurm;

import dev.scatter.core.grid.Advice;
import dev.scatter.core.grid.SubmitOutcome;
import dev.scatter.core.spi.CommandResult;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code sbatch} answered: a job id ({@code N}, {@code N;cluster} with {@code --parsable},
 * {@code Submitted batch job N [on cluster X]} without), a submit limit, or a rejection with
 * what to change. See https://slurm.schedmd.com/sbatch.html#OPT_parsable.
 */
final class SlurmSubmitParser {

    private static final Pattern PARSABLE = Pattern.compile("(\\d+)(?:;\\S+)?");
    private static final Pattern SUBMITTED = Pattern.compile("Submitted batch job (\\d+)(?: on cluster \\S+)?");
    /** QOS/association submit limits, e.g. {@code QOSMaxSubmitJobPerUserLimit} as the first stderr line (fixtures trap 14). */
    private static final Pattern SUBMIT_LIMIT = Pattern.compile("\\b((?:QOS|Assoc)\\w*Submit\\w*Limit)\\b");

    /** Rejections and what to change, matched against sbatch's stderr (fixtures sbatch_err_*). */
    private static final List<String[]> ADVICE = List.of(
            new String[] {"invalid partition", "check -p/--partition: `sinfo -s` lists the partitions you may use"},
            new String[] {"invalid account", "check -A/--account: `sacctmgr show assoc user=$USER format=account,partition` lists yours"},
            new String[] {"memory specification can not be satisfied",
                    "no node has that much memory: lower --mem (or -c, as memory may be per cpu); `sinfo -o '%P %c %m'` shows what nodes have"},
            new String[] {"requested node configuration is not available",
                    "no node has what a task asks for: lower -c, --mem or --gpus, or choose another partition with -p"},
            new String[] {"invalid --time", "write -t as minutes, MM:SS, HH:MM:SS or D-HH:MM:SS"},
            new String[] {"requested time limit is invalid", "lower -t to the partition's limit: `sinfo -o '%P %l'` shows it"},
            new String[] {"invalid --mem", "write --mem as a size such as 500M or 4G"},
            new String[] {"invalid qos", "check the --qos you passed with --sched-opt: `sacctmgr show qos` lists them"},
            new String[] {"generic resource", "this partition has no such GPUs: drop --gpus, or choose a GPU partition with -p"},
            new String[] {"invalid feature", "check the --constraint you passed with --sched-opt: `sinfo -o '%P %f'` lists the features"},
            new String[] {"invalid node name", "check the --nodelist you passed with --sched-opt: `sinfo -N` lists the nodes"},
            new String[] {"unrecognized option", "a --sched-opt is not an sbatch option: see `sbatch --help`"},
            new String[] {"invalid numeric value", "a --sched-opt has a value sbatch cannot read"},
            new String[] {"invalid job array specification",
                    "the array is above this cluster's MaxArraySize: delete scheduler.json in the run directory so scatter reads it again"},
            new String[] {"unable to open file", "the attempt's task.sh is missing: was the run directory moved or deleted?"},
            new String[] {"does not look like a batch script", "task.sh has no #! line: a bug in scatter, please report it"});

    private SlurmSubmitParser() {
    }

    /**
     * The job id in sbatch's standard output; {@link IllegalArgumentException} quoting the text
     * when there is none.
     */
    static String jobId(String stdout) {
        for (String line : stdout.strip().lines().map(String::strip).toList()) {
            Matcher m = PARSABLE.matcher(line);
            if (m.matches()) {
                return m.group(1);
            }
            m = SUBMITTED.matcher(line);
            if (m.matches()) {
                return m.group(1);
            }
        }
        throw new IllegalArgumentException("[slurm] sbatch printed no job id (expected 'N', 'N;cluster' or"
                + " 'Submitted batch job N'): '" + stdout.strip() + "'");
    }

    static SubmitOutcome outcome(CommandResult r) {
        if (r.succeeded()) {
            try {
                return new SubmitOutcome.Accepted(jobId(r.stdout()));
            } catch (IllegalArgumentException noId) {
                // exit 0 but no id (e.g. --quiet in a user's SBATCH_* settings): the job may exist; find it by name
                return new SubmitOutcome.Transient(noId.getMessage());
            }
        }
        String text = r.stderr() + "\n" + r.stdout();
        if (SlurmStatusParser.isTransient(text)) {
            return new SubmitOutcome.Transient(r.stderr().strip());
        }
        Matcher limit = SUBMIT_LIMIT.matcher(text);
        if (limit.find()) {
            return new SubmitOutcome.LimitReached(limit.group(1));
        }
        if (text.contains("Job dependency problem")) {
            return new SubmitOutcome.DependencyRefused(r.stderr().strip());
        }
        return new SubmitOutcome.Rejected(r.describeFailure("[slurm] sbatch rejected the array") + "\n  what to change: "
                + advice(text));
    }

    static String advice(String text) {
        return Advice.lookup(text, ADVICE, "read sbatch's message above; the options come from -c, --mem, -t, --gpus, -p, -A and --sched-opt");
    }
}
