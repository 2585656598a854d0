package dev.scatter.sim.slurm;

import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.dialect.Getopt;
import dev.scatter.sim.dialect.IndexRanges;
import dev.scatter.sim.dialect.NeedsStdin;
import dev.scatter.sim.queue.Dependency;
import dev.scatter.sim.queue.JobSpec;
import dev.scatter.sim.queue.ResourceRequest;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.scatter.sim.dialect.Getopt.longOpt;
import static dev.scatter.sim.dialect.Getopt.opt;

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
        return submit(inv, opts, script, command, scriptArgs, defaultName);
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
            words.addAll(dev.scatter.sim.dialect.ShellWords.split(hash >= 0 ? rest.substring(0, hash) : rest));
        }
        return words;
    }

    private Reply submit(Invocation inv, Map<String, String> o, String script, Path command,
                         List<String> scriptArgs, String defaultName) {
        // ---- client-side checks (exit 255, except -c: exit 1)
        Duration time = config.defaultTime();
        if (o.containsKey("time")) {
            try {
                time = SlurmTime.parseLimit(o.get("time"));
            } catch (IllegalArgumentException e) {
                return Reply.error(255, "sbatch: error: Invalid --time specification\n");
            }
        }
        Long memPerNode = null;
        Long memPerCpu = null;
        if (o.containsKey("mem")) {
            memPerNode = SlurmMemory.parseMb(o.get("mem"));
            if (memPerNode == null) {
                return Reply.error(255, "sbatch: error: Invalid --mem specification\n");
            }
            if (memPerNode == 0) {
                memPerNode = config.memoryMbPerNode(); // --mem=0: all of the node's memory
            }
        }
        if (o.containsKey("mem-per-cpu")) {
            memPerCpu = SlurmMemory.parseMb(o.get("mem-per-cpu"));
            if (memPerCpu == null) {
                return Reply.error(255, "sbatch: error: Invalid --mem-per-cpu specification\n");
            }
        }
        Integer cpusPerTask = null;
        if (o.containsKey("cpus-per-task")) {
            cpusPerTask = positive(o.get("cpus-per-task"));
            if (cpusPerTask == null) {
                return Reply.error(1, "sbatch: error: Invalid numeric value \"" + o.get("cpus-per-task") + "\" for --cpus-per-task.\n");
            }
        }
        int ntasks = 1;
        if (o.containsKey("ntasks")) {
            Integer n = positive(o.get("ntasks"));
            if (n == null) {
                return Reply.error(1, "sbatch: error: Invalid numeric value \"" + o.get("ntasks") + "\" for --ntasks.\n");
            }
            ntasks = n;
        }
        int nodes = 1;
        if (o.containsKey("nodes")) {
            Integer n = positive(o.get("nodes").split("-")[0]);
            if (n == null) {
                return Reply.error(255, "sbatch: error: \"" + o.get("nodes") + "\" is not a valid node count\n");
            }
            nodes = n;
        }
        if (o.containsKey("gres") || o.containsKey("gpus")) {
            return Reply.error(1, "sbatch: error: Invalid generic resource (gres) specification\n");
        }
        // ---- controller-side checks (exit 1)
        String partition = o.getOrDefault("partition", config.partition());
        if (!partition.equals(config.partition())) {
            return Reply.error(1, "sbatch: error: invalid partition specified: " + partition + "\n"
                    + "sbatch: error: Batch job submission failed: Invalid partition name specified\n");
        }
        String account = o.getOrDefault("account", config.accounts().get(0));
        if (!config.accounts().contains(account)) {
            return failed("Invalid account or account/partition combination specified");
        }
        if (o.containsKey("qos") && !o.get("qos").equals("normal")) {
            return failed("Invalid qos specification");
        }
        if (o.containsKey("constraint")) {
            return failed("Invalid feature specification");
        }
        if (o.containsKey("nodelist") && !config.nodeNames().containsAll(List.of(o.get("nodelist").split(",")))) {
            return failed("Invalid node name specified");
        }
        if (o.containsKey("clusters") && !o.get("clusters").equals(config.clusterName())) {
            return Reply.error(1, "sbatch: error: No cluster '" + o.get("clusters") + "' known by database.\n");
        }
        List<Integer> indices = null;
        int throttle = 0;
        int step = 1;
        if (o.containsKey("array")) {
            String spec = o.get("array");
            int pct = spec.indexOf('%');
            if (pct >= 0) {
                Integer t = positive(spec.substring(pct + 1));
                if (t == null) {
                    return failed("Invalid job array specification");
                }
                throttle = t;
                spec = spec.substring(0, pct);
            }
            indices = IndexRanges.parse(spec);
            // MaxArraySize bounds the highest index, not the count (sbatch_err_array_above_max)
            if (indices == null || indices.get(indices.size() - 1) >= config.effectiveMaxArraySize()) {
                return failed("Invalid job array specification");
            }
            if (spec.matches("\\d+-\\d+:\\d+")) {
                step = Integer.parseInt(spec.substring(spec.indexOf(':') + 1));
            }
        }
        Dependency dependency = null;
        if (o.containsKey("dependency")) {
            dependency = parseDependency(o.get("dependency"));
            if (dependency == null) {
                return failed("Job dependency problem");
            }
        }
        int cpus = (cpusPerTask == null ? 1 : cpusPerTask) * ntasks;
        long memPerCpuMb = memPerCpu != null ? memPerCpu : config.defMemPerCpuMb();
        long memoryPerNode = memPerNode != null ? memPerNode : memPerCpuMb * cpus;
        Path submitDir = inv.cwd();
        Path workDir = o.containsKey("chdir") ? submitDir.resolve(o.get("chdir")).normalize() : submitDir;
        SlurmJobInfo info = new SlurmJobInfo();
        info.name = o.getOrDefault("job-name", defaultName);
        info.submitDir = submitDir;
        info.workDir = workDir;
        info.script = script;
        info.command = command;
        info.scriptArgs = List.copyOf(scriptArgs);
        info.outputPattern = o.get("output");
        info.errorPattern = o.get("error");
        info.appendOutput = "append".equals(o.get("open-mode"));
        info.partition = partition;
        info.account = account;
        info.cpusPerTask = cpusPerTask;
        info.ntasks = ntasks;
        info.memPerNodeMb = memPerNode;
        info.memPerCpuMb = memPerCpuMb;
        info.environment = exportedEnvironment(inv.environment(), o.get("export"));
        info.indices = indices;
        info.arrayStep = step;
        info.dependencyText = o.containsKey("dependency") ? o.get("dependency") : "(null)";
        info.allocSid = 1000 + (int) (submissions * 7 % 8000);
        ResourceRequest request = new ResourceRequest(nodes, cpus, memoryPerNode, time, config.maxTime(), true);
        JobSpec spec = new JobSpec(info.name, config.user(), request, indices, throttle, o.containsKey("hold"),
                dependency, runtime, info);
        String clusterSuffix = o.containsKey("clusters") ? o.get("clusters") : null;
        synchronized (cluster) {
            // a request larger than any node's memory is rejected, yet leaves a FAILED record (trap 11)
            if ((memPerNode != null || memPerCpu != null) && memoryPerNode > config.memoryMbPerNode()) {
                info.rejectedReason = "BadConstraints";
                info.priority = priority();
                cluster.recordFailed(cluster.nextJobId(), spec, 1);
                return Reply.error(1, "sbatch: error: Memory specification can not be satisfied\n"
                        + "sbatch: error: Batch job submission failed: Requested node configuration is not available\n");
            }
            int tasks = indices == null ? 1 : indices.size();
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

    private Dependency parseDependency(String text) {
        String first = text.split("[,?]")[0];
        int colon = first.indexOf(':');
        if (colon < 0) {
            return null;
        }
        Dependency.Type type = switch (first.substring(0, colon)) {
            case "afterok" -> Dependency.Type.AFTER_OK;
            case "afterany", "after" -> Dependency.Type.AFTER_ANY;
            case "afternotok" -> Dependency.Type.AFTER_NOT_OK;
            default -> null;
        };
        if (type == null) {
            return null;
        }
        List<Long> ids = new ArrayList<>();
        for (String part : first.substring(colon + 1).split(":")) {
            SlurmIds.Ref ref = SlurmIds.parse(part);
            if (ref == null || cluster.job(ref.id()).isEmpty()) {
                return null;
            }
            ids.add(ref.id());
        }
        return new Dependency(type, ids);
    }

    /** --export: ALL (default), NONE, or a list of names and NAME=value, optionally after ALL. */
    private static Map<String, String> exportedEnvironment(Map<String, String> submitEnv, String export) {
        if (export == null || export.equals("ALL")) {
            return submitEnv;
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String item : export.split(",")) {
            if (item.equals("ALL")) {
                env.putAll(submitEnv);
            } else if (item.equals("NONE") || item.equals("NIL")) {
                continue;
            } else if (item.contains("=")) {
                env.put(item.substring(0, item.indexOf('=')), item.substring(item.indexOf('=') + 1));
            } else if (submitEnv.containsKey(item)) {
                env.put(item, submitEnv.get(item));
            }
        }
        return env;
    }

    private static Reply failed(String why) {
        return Reply.error(1, "sbatch: error: Batch job submission failed: " + why + "\n");
    }

    private static Integer positive(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
