package dev.scatter.sim.slurm;

import static dev.scatter.sim.dialect.Getopt.longOpt;
import static dev.scatter.sim.dialect.Getopt.opt;

import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.dialect.Getopt;
import dev.scatter.sim.dialect.NeedsStdin;
import dev.scatter.sim.queue.JobSpec;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sbatch}: options from {@code #SBATCH} lines, overridden by the command line; client
 * errors exit 255, controller errors exit 1 (trap 12), with the messages of the fixtures.
 */
final class Sbatch {

    static final Getopt OPTIONS = new Getopt(true,
            opt('a', "array", true), opt('A', "account", true), opt('c', "cpus-per-task", true),
            opt('C', "constraint", true), opt('D', "chdir", true), opt('d', "dependency", true),
            opt('e', "error", true), opt('o', "output", true), opt('H', "hold", false), opt('J', "job-name", true),
            opt('M', "clusters", true), longOpt("mem", true), longOpt("mem-per-cpu", true), opt('n', "ntasks", true),
            opt('N', "nodes", true), opt('p', "partition", true), opt('q', "qos", true), opt('Q', "quiet", false),
            opt('t', "time", true), longOpt("wrap", true), longOpt("parsable", false), longOpt("export", true),
            longOpt("gres", true), longOpt("gpus", true), opt('G', "gpus", true), opt('w', "nodelist", true),
            opt('x', "exclude", true), longOpt("mail-type", true), longOpt("mail-user", true), opt('b', "begin", true),
            longOpt("comment", true), longOpt("open-mode", true), longOpt("requeue", false),
            longOpt("no-requeue", false), longOpt("exclusive", false), opt('W', "wait", false),
            opt('v', "verbose", false), opt('V', "version", false), opt('h', "help", false), longOpt("usage", false),
            longOpt("signal", true), longOpt("nice", true), longOpt("tmp", true), longOpt("ntasks-per-node", true),
            opt('i', "input", true), opt('k', "no-kill", false), longOpt("get-user-env", false),
            opt('s', "oversubscribe", false), longOpt("propagate", false), longOpt("test-only", false));

    /** What sbatch writes around a --wrap command (the real wrapper script). */
    private static final String WRAP = "#!/bin/sh\n# This script was created by sbatch --wrap.\n\n%s\n";

    /**
     * The batch script and where it came from.
     *
     * @param command     the script file, or {@code null} for --wrap and stdin (scontrol's Command)
     * @param defaultName the job name without -J
     */
    record Script(String text, Path command, List<String> args, String defaultName) {
    }

    private final SimCluster cluster;
    private final SimConfig config;
    private final SlurmRuntime runtime;
    private long submissions;

    Sbatch(SimCluster cluster, SlurmRuntime runtime) {
        this.cluster = cluster;
        this.config = cluster.config();
        this.runtime = runtime;
    }

    Reply run(Invocation inv) {
        SlurmCommandLine commandLine = SlurmCommandLine.parse("sbatch", OPTIONS, inv.args(), 255);
        if (commandLine.reply() != null) {
            return commandLine.reply();
        }
        Getopt.Result cli = commandLine.args();
        // ---- the script: a file, --wrap, or stdin
        String script;
        Path command = null;
        List<String> scriptArgs = List.of();
        String defaultName;
        if (cli.last("wrap") != null) {
            script = String.format(WRAP, cli.last("wrap"));
            defaultName = "wrap";
        } else if (!cli.operands().isEmpty()) {
            Path file = inv.cwd().resolve(cli.operands().get(0));
            try {
                script = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return Reply.error(1, "sbatch: error: Unable to open file " + cli.operands().get(0) + "\n");
            }
            command = file.normalize();
            scriptArgs = cli.operands().subList(1, cli.operands().size());
            defaultName = file.getFileName().toString();
        } else {
            if (inv.stdin() == null) {
                throw new NeedsStdin();
            }
            script = inv.stdin();
            defaultName = "sbatch";
        }
        if (script.isEmpty()) {
            return Reply.error(1, "sbatch: error: Batch script is empty!\n");
        }
        if (!script.startsWith("#!")) {
            return Reply.error(1, "sbatch: error: This does not look like a batch script.  The first\n"
                    + "sbatch: error: line must start with #! followed by the path to an interpreter.\n"
                    + "sbatch: error: For instance: #!/bin/sh\n");
        }
        if (script.contains("\r\n")) {
            return Reply.error(1, "sbatch: error: Batch script contains DOS line breaks (\\r\\n)\n"
                    + "sbatch: error: instead of expected UNIX line breaks (\\n).\n");
        }
        // ---- options: #SBATCH lines first, the command line overrides them
        Map<String, String> opts = new LinkedHashMap<>();
        try {
            for (Getopt.Found f : OPTIONS.parse(directives(script)).options()) {
                opts.put(f.key(), f.value() == null ? "" : f.value());
            }
        } catch (Getopt.Failure f) {
            return SlurmCommandLine.badOption("sbatch", f, 255);
        }
        for (Getopt.Found f : cli.options()) {
            opts.put(f.key(), f.value() == null ? "" : f.value());
        }
        return submit(inv, opts, new Script(script, command, scriptArgs, defaultName));
    }

    /** The words of every {@code #SBATCH} line before the first command of the script. */
    static List<String> directives(String script) {
        List<String> words = new ArrayList<>();
        for (String line : script.split("\n")) {
            String t = line.trim();
            if (t.startsWith("#!") && words.isEmpty()) {
                continue;
            }
            if (t.isEmpty() || (t.startsWith("#") && !t.startsWith("#SBATCH"))) {
                continue;
            }
            if (!t.startsWith("#SBATCH")) {
                break;
            }
            String rest = t.substring("#SBATCH".length());
            int hash = rest.indexOf(" #");
            words.addAll(dev.scatter.core.io.ShellWords.split(hash >= 0 ? rest.substring(0, hash) : rest));
        }
        return words;
    }

    private Reply submit(Invocation inv, Map<String, String> o, Script script) {
        // AllocNode:Sid differs between submissions, as a real session id would (tests normalize it)
        int allocSid = 1000 + (int) (submissions * 7 % 8000);
        SbatchRequest request = SbatchRequest.check(o, inv, script, cluster, runtime, allocSid);
        if (request.refusal() != null) {
            return request.refusal();
        }
        SlurmJobInfo info = request.info();
        JobSpec spec = request.spec();
        String clusterSuffix = o.containsKey("clusters") ? o.get("clusters") : null;
        synchronized (cluster) {
            // a request larger than any node's memory is rejected, yet leaves a FAILED record (trap 11)
            if (request.memoryGiven() && spec.request().memoryMb() > config.memoryMbPerNode()) {
                info.rejectedReason = "BadConstraints";
                info.priority = priority();
                cluster.recordFailed(cluster.nextJobId(), spec, 1);
                return Reply.error(1, "sbatch: error: Memory specification can not be satisfied\n"
                        + "sbatch: error: Batch job submission failed: Requested node configuration is not available\n");
            }
            int tasks = spec.indices() == null ? 1 : spec.indices().size();
            // QOS MaxSubmitJobsPerUser counts each array task, queued ones included (trap 14)
            if (config.maxSubmitJobs() >= 0 && cluster.activeTaskCount(config.user()) + tasks > config.maxSubmitJobs()) {
                return Reply.error(1, "sbatch: error: QOSMaxSubmitJobPerUserLimit\n"
                        + "sbatch: error: Batch job submission failed: Job violates accounting/QOS policy "
                        + "(job submit limit, user's size and/or time limits)\n");
            }
            info.priority = priority();
            SimJob job = cluster.submit(cluster.nextJobId(), spec);
            String id = Long.toString(job.id());
            if (o.containsKey("wait")) {
                return waitFor(job, o.containsKey("parsable"), clusterSuffix);
            }
            if (o.containsKey("quiet")) {
                return Reply.ok(""); // -Q prints nothing even with --parsable (sbatch_quiet)
            }
            if (o.containsKey("parsable")) {
                return Reply.ok(id + (clusterSuffix != null ? ";" + clusterSuffix : "") + "\n");
            }
            return Reply.ok("Submitted batch job " + id + (clusterSuffix != null ? " on cluster " + clusterSuffix : "") + "\n");
        }
    }

    /** {@code sbatch --wait}: returns when the job ended, with its highest exit code. */
    private Reply waitFor(SimJob job, boolean parsable, String clusterSuffix) {
        String first = parsable ? job.id() + "\n" : "Submitted batch job " + job.id() + "\n";
        while (!cluster.read(job::allFinished)) {
            try {
                cluster.wait(100); // we hold the cluster's monitor: release it while waiting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int rc = 0;
        for (SimTask t : job.tasks()) {
            rc = Math.max(rc, t.exitCode() != 0 ? t.exitCode() : t.state() == dev.scatter.sim.queue.TaskState.COMPLETED ? 0 : 1);
        }
        return new Reply(rc, first, "");
    }

    /** Job priority under priority/basic: each new job one below the previous; held jobs 0. */
    private long priority() {
        submissions++;
        return 4294901760L - submissions;
    }
}
