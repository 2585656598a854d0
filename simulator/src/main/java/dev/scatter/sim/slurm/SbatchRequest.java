package dev.scatter.sim.slurm;

import dev.scatter.core.model.IndexRanges;
import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.queue.Dependency;
import dev.scatter.sim.queue.JobSpec;
import dev.scatter.sim.queue.ResourceRequest;
import dev.scatter.sim.queue.SimCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * sbatch's options (#SBATCH lines merged with the command line) checked and turned into a job,
 * in the order sbatch and slurmctld check them: sbatch's own errors exit 255 ({@code -c},
 * {@code -n}: 1), the controller's exit 1. What depends on the queue's state at the moment of
 * submission (memory per node, the QOS submit limit) {@link Sbatch} checks under the lock.
 *
 * @param refusal     the reply to print when a check failed; everything else is then null
 * @param memoryGiven {@code --mem} or {@code --mem-per-cpu} was given: only then is a request
 *                    larger than a node rejected (with a FAILED record, trap 11)
 */
record SbatchRequest(Reply refusal, SlurmJobInfo info, JobSpec spec, boolean memoryGiven) {

    static SbatchRequest check(Map<String, String> o, Invocation inv, Sbatch.Script script, SimCluster cluster,
                               SlurmRuntime runtime, int allocSid) {
        SimConfig config = cluster.config();
        // ---- client-side checks (exit 255, except -c: exit 1)
        Duration time = config.defaultTime();
        if (o.containsKey("time")) {
            try {
                time = SlurmTime.parseLimit(o.get("time"));
            } catch (IllegalArgumentException e) {
                return refused(Reply.error(255, "sbatch: error: Invalid --time specification\n"));
            }
        }
        Long memPerNode = null;
        Long memPerCpu = null;
        if (o.containsKey("mem")) {
            memPerNode = SlurmMemory.parseMb(o.get("mem"));
            if (memPerNode == null) {
                return refused(Reply.error(255, "sbatch: error: Invalid --mem specification\n"));
            }
            if (memPerNode == 0) {
                memPerNode = config.memoryMbPerNode(); // --mem=0: all of the node's memory
            }
        }
        if (o.containsKey("mem-per-cpu")) {
            memPerCpu = SlurmMemory.parseMb(o.get("mem-per-cpu"));
            if (memPerCpu == null) {
                return refused(Reply.error(255, "sbatch: error: Invalid --mem-per-cpu specification\n"));
            }
        }
        Integer cpusPerTask = null;
        if (o.containsKey("cpus-per-task")) {
            cpusPerTask = positive(o.get("cpus-per-task"));
            if (cpusPerTask == null) {
                return refused(Reply.error(1, "sbatch: error: Invalid numeric value \"" + o.get("cpus-per-task") + "\" for --cpus-per-task.\n"));
            }
        }
        int ntasks = 1;
        if (o.containsKey("ntasks")) {
            Integer n = positive(o.get("ntasks"));
            if (n == null) {
                return refused(Reply.error(1, "sbatch: error: Invalid numeric value \"" + o.get("ntasks") + "\" for --ntasks.\n"));
            }
            ntasks = n;
        }
        int nodes = 1;
        if (o.containsKey("nodes")) {
            Integer n = positive(o.get("nodes").split("-")[0]);
            if (n == null) {
                return refused(Reply.error(255, "sbatch: error: \"" + o.get("nodes") + "\" is not a valid node count\n"));
            }
            nodes = n;
        }
        if (o.containsKey("gres") || o.containsKey("gpus")) {
            return refused(Reply.error(1, "sbatch: error: Invalid generic resource (gres) specification\n"));
        }
        // ---- controller-side checks (exit 1)
        String partition = o.getOrDefault("partition", config.partition());
        if (!partition.equals(config.partition())) {
            return refused(Reply.error(1, "sbatch: error: invalid partition specified: " + partition + "\n"
                    + "sbatch: error: Batch job submission failed: Invalid partition name specified\n"));
        }
        String account = o.getOrDefault("account", config.accounts().get(0));
        if (!config.accounts().contains(account)) {
            return refused(failed("Invalid account or account/partition combination specified"));
        }
        if (o.containsKey("qos") && !o.get("qos").equals("normal")) {
            return refused(failed("Invalid qos specification"));
        }
        if (o.containsKey("constraint")) {
            return refused(failed("Invalid feature specification"));
        }
        if (o.containsKey("nodelist") && !config.nodeNames().containsAll(List.of(o.get("nodelist").split(",")))) {
            return refused(failed("Invalid node name specified"));
        }
        if (o.containsKey("clusters") && !o.get("clusters").equals(config.clusterName())) {
            return refused(Reply.error(1, "sbatch: error: No cluster '" + o.get("clusters") + "' known by database.\n"));
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
                    return refused(failed("Invalid job array specification"));
                }
                throttle = t;
                spec = spec.substring(0, pct);
            }
            indices = IndexRanges.tryParse(spec).orElse(null);
            // MaxArraySize bounds the highest index, not the count (sbatch_err_array_above_max)
            if (indices == null || indices.get(indices.size() - 1) >= config.effectiveMaxArraySize()) {
                return refused(failed("Invalid job array specification"));
            }
            if (spec.matches("\\d+-\\d+:\\d+")) {
                step = Integer.parseInt(spec.substring(spec.indexOf(':') + 1));
            }
        }
        Dependency dependency = null;
        if (o.containsKey("dependency")) {
            dependency = parseDependency(o.get("dependency"), cluster);
            if (dependency == null) {
                return refused(failed("Job dependency problem"));
            }
        }
        int cpus = (cpusPerTask == null ? 1 : cpusPerTask) * ntasks;
        long memPerCpuMb = memPerCpu != null ? memPerCpu : config.defMemPerCpuMb();
        long memoryPerNode = memPerNode != null ? memPerNode : memPerCpuMb * cpus;
        Path submitDir = inv.cwd();
        Path workDir = o.containsKey("chdir") ? submitDir.resolve(o.get("chdir")).normalize() : submitDir;
        SlurmJobInfo info = new SlurmJobInfo();
        info.name = o.getOrDefault("job-name", script.defaultName());
        info.submitDir = submitDir;
        info.workDir = workDir;
        info.script = script.text();
        info.command = script.command();
        info.scriptArgs = List.copyOf(script.args());
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
        info.allocSid = allocSid;
        ResourceRequest request = new ResourceRequest(nodes, cpus, memoryPerNode, time, config.maxTime(), true);
        JobSpec spec = new JobSpec(info.name, config.user(), request, indices, throttle, o.containsKey("hold"),
                dependency, runtime, info);
        return new SbatchRequest(null, info, spec, memPerNode != null || memPerCpu != null);
    }

    private static SbatchRequest refused(Reply reply) {
        return new SbatchRequest(reply, null, null, false);
    }

    private static Dependency parseDependency(String text, SimCluster cluster) {
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
