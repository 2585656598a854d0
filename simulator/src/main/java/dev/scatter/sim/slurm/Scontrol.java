package dev.scatter.sim.slurm;

import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code scontrol}: show config/job/partition/node, ping, hold, release. */
final class Scontrol {

    private static final String CONFIG_TEMPLATE = loadTemplate();

    private final SimCluster cluster;
    private final SimConfig config;
    private final Instant bootTime;
    private final ScontrolShowJob showJob;

    Scontrol(SimCluster cluster) {
        this.cluster = cluster;
        this.config = cluster.config();
        this.bootTime = cluster.clock().now();
        this.showJob = new ScontrolShowJob(cluster);
    }

    Reply run(Invocation inv) {
        boolean oneLiner = false;
        List<String> words = new ArrayList<>();
        for (String a : inv.args()) {
            switch (a) {
                case "-o", "--oneliner" -> oneLiner = true;
                case "-V", "--version" -> {
                    return Reply.ok(SlurmDialect.VERSION + "\n");
                }
                case "-d", "--details", "-a", "--all", "-Q", "--quiet" -> { }
                default -> words.add(a);
            }
        }
        if (words.isEmpty()) {
            return Reply.error(1, "scontrol: error: no command given\n");
        }
        String command = words.get(0).toLowerCase();
        return switch (command) {
            case "ping" -> Reply.ok("Slurmctld(primary) at " + config.controlHost() + " is UP\n");
            case "show" -> show(words.subList(1, words.size()), oneLiner);
            case "hold", "release" -> holdOrRelease(command.equals("hold"), words.subList(1, words.size()));
            default -> Reply.error(1, "invalid keyword: " + words.get(0) + "\n");
        };
    }

    private Reply show(List<String> words, boolean oneLiner) {
        if (words.isEmpty()) {
            return Reply.error(1, "scontrol: error: too few arguments for keyword:show\n");
        }
        String what = words.get(0).toLowerCase();
        String id = words.size() > 1 ? words.get(1) : null;
        if (what.startsWith("conf")) {
            return Reply.ok(showConfig());
        }
        if (what.equals("job") || what.equals("jobs") || what.equals("jobid")) {
            return cluster.read(() -> showJob.show(id, oneLiner));
        }
        if (what.startsWith("part")) {
            return Reply.ok(showPartition());
        }
        if (what.startsWith("node")) {
            return cluster.read(() -> showNodes(id));
        }
        return Reply.error(1, "invalid entity: " + words.get(0) + " for keyword: show\n");
    }

    // ------------------------------------------------------------------ config

    /** The captured configuration with this cluster's values in it (scontrol_show_config). */
    private String showConfig() {
        StringBuilder out = new StringBuilder();
        for (String line : CONFIG_TEMPLATE.split("\n", -1)) {
            String key = line.contains(" = ") ? line.substring(0, line.indexOf(" = ")).trim() : null;
            String value = key == null ? null : switch (key) {
                case "AccountingStorageEnforce" -> config.accounting() ? "associations,limits,qos" : "none";
                case "AccountingStorageType" -> config.accounting() ? "accounting_storage/slurmdbd" : "accounting_storage/none";
                case "BOOT_TIME" -> stamp(bootTime);
                case "ClusterName" -> config.clusterName();
                case "DefMemPerCPU" -> Long.toString(config.defMemPerCpuMb());
                case "KillWait" -> config.killWait().getSeconds() + " sec";
                case "MaxArraySize" -> Integer.toString(config.effectiveMaxArraySize());
                case "MaxNodeCount" -> Integer.toString(config.nodes());
                case "MinJobAge" -> config.minJobAge().getSeconds() + " sec";
                case "NEXT_JOB_ID" -> Long.toString(cluster.peekNextJobId());
                case "SlurmctldHost[0]" -> config.controlHost();
                default -> null;
            };
            if (line.startsWith("Configuration data as of ")) {
                out.append("Configuration data as of ").append(stamp(cluster.clock().now()));
            } else if (line.startsWith("Slurmctld(primary) at ")) {
                out.append("Slurmctld(primary) at ").append(config.controlHost()).append(" is UP");
            } else if (value != null) {
                out.append(String.format("%-23s = %s", key, value));
            } else {
                out.append(line);
            }
            out.append('\n');
        }
        // the template ends with a newline: split left an empty last piece
        return out.substring(0, out.length() - 1);
    }

    private Reply holdOrRelease(boolean hold, List<String> ids) {
        synchronized (cluster) {
            for (String id : ids) {
                for (String part : id.split(",")) {
                    SlurmIds.Ref ref = SlurmIds.parse(part);
                    SimJob job = ref == null ? null : cluster.job(ref.id()).orElse(null);
                    if (job == null || job.allFinished()) {
                        return Reply.error(1, "Invalid job id specified for job " + part + "\n");
                    }
                    if (hold) {
                        cluster.hold(job);
                    } else {
                        cluster.release(job);
                    }
                }
            }
        }
        return Reply.ok("");
    }

    // ------------------------------------------------------------------ partition, nodes

    private String showPartition() {
        int cpus = config.nodes() * config.coresPerNode();
        long mem = config.nodes() * config.memoryMbPerNode();
        return "PartitionName=" + config.partition() + "\n"
                + "   AllowGroups=ALL AllowAccounts=ALL AllowQos=ALL\n"
                + "   AllocNodes=ALL Default=YES QoS=N/A\n"
                + "   DefaultTime=" + SlurmTime.hms(config.defaultTime()) + " DisableRootJobs=NO ExclusiveUser=NO GraceTime=0 Hidden=NO\n"
                + "   MaxNodes=UNLIMITED MaxTime=" + SlurmTime.hms(config.maxTime()) + " MinNodes=0 LLN=NO MaxCPUsPerNode=UNLIMITED\n"
                + "   Nodes=" + nodeRange() + "\n"
                + "   PriorityJobFactor=1 PriorityTier=1 RootOnly=NO ReqResv=NO OverSubscribe=NO\n"
                + "   OverTimeLimit=NONE PreemptMode=OFF\n"
                + "   State=UP TotalCPUs=" + cpus + " TotalNodes=" + config.nodes() + " SelectTypeParameters=NONE\n"
                + "   JobDefaults=(null)\n"
                + "   DefMemPerNode=UNLIMITED MaxMemPerNode=UNLIMITED\n"
                + "   TRES=cpu=" + cpus + ",mem=" + mem + "M,node=" + config.nodes() + ",billing=" + cpus + "\n\n";
    }

    private String nodeRange() {
        return config.nodes() == 1 ? "c1" : "c[1-" + config.nodes() + "]";
    }

    private Reply showNodes(String name) {
        StringBuilder out = new StringBuilder();
        for (SimNode n : cluster.nodes()) {
            if (name != null && !name.equals(n.name())) {
                continue;
            }
            String state = !n.isUp() ? "DOWN" : n.allocatedCpus() == 0 ? "IDLE" : n.allocatedCpus() < n.cpus() ? "MIXED" : "ALLOCATED";
            out.append("NodeName=").append(n.name()).append(" Arch=x86_64 CoresPerSocket=1 \n")
                    .append("   CPUAlloc=").append(n.allocatedCpus()).append(" CPUEfctv=").append(n.cpus())
                    .append(" CPUTot=").append(n.cpus()).append(" CPULoad=0.00\n")
                    .append("   AvailableFeatures=(null)\n   ActiveFeatures=(null)\n   Gres=(null)\n")
                    .append("   NodeAddr=").append(n.name()).append(" NodeHostName=").append(n.name())
                    .append(" Version=22.05.8\n")
                    .append("   RealMemory=").append(n.memoryMb()).append(" AllocMem=").append(n.allocatedMemoryMb())
                    .append(" FreeMem=").append(n.memoryMb() - n.allocatedMemoryMb()).append(" Sockets=").append(n.cpus())
                    .append(" Boards=1\n")
                    .append("   State=").append(state).append(" ThreadsPerCore=1 TmpDisk=0 Weight=1 Owner=N/A MCS_label=N/A\n")
                    .append("   Partitions=").append(config.partition()).append(" \n")
                    .append("   CfgTRES=cpu=").append(n.cpus()).append(",mem=").append(n.memoryMb()).append("M,billing=")
                    .append(n.cpus()).append("\n")
                    .append("   AllocTRES=\n\n");
        }
        if (out.length() == 0) {
            return Reply.error(1, "Node " + name + " not found\n");
        }
        return Reply.ok(out.toString());
    }

    private String stamp(Instant i) {
        return SlurmTime.stamp(i, config.zone());
    }

    private static String loadTemplate() {
        try (InputStream in = Scontrol.class.getResourceAsStream("/dev/scatter/sim/slurm/show-config.txt")) {
            if (in == null) {
                throw new IllegalStateException("show-config.txt missing from the simulator jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
