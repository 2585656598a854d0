package dev.scatter.sim.slurm;

import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimNode;
import dev.scatter.sim.queue.SimTask;
import dev.scatter.sim.queue.TaskState;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@code scontrol}: show config/job/partition/node, ping, hold, release. */
final class Scontrol {

    private static final String CONFIG_TEMPLATE = loadTemplate();

    private final SimCluster cluster;
    private final SimConfig config;
    private final Instant bootTime;

    Scontrol(SimCluster cluster) {
        this.cluster = cluster;
        this.config = cluster.config();
        this.bootTime = cluster.clock().now();
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
            return cluster.read(() -> showJob(id, oneLiner));
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

    // ------------------------------------------------------------------ jobs

    private Reply showJob(String id, boolean oneLiner) {
        List<SimJob> jobs = cluster.jobs();
        List<SlurmRecord> records = new ArrayList<>();
        if (id == null) {
            for (SimJob j : jobs) {
                records.addAll(ordered(SlurmRecord.live(j, false)));
            }
            if (records.isEmpty()) {
                return Reply.ok("No jobs in the system\n");
            }
        } else {
            SlurmIds.Ref ref = SlurmIds.parse(id);
            if (ref == null) {
                return Reply.error(1, "slurm_load_jobs error: Invalid job id specified\n");
            }
            if (SlurmIds.wholeJob(ref, jobs)) {
                SimJob job = jobs.stream().filter(j -> j.id() == ref.id()).findFirst().orElseThrow();
                records.addAll(ordered(SlurmRecord.live(job, false)));
            } else {
                for (SimTask t : SlurmIds.resolve(ref, jobs)) {
                    if (t.isListed()) {
                        records.add(SlurmRecord.ofTask(t));
                    }
                }
                boolean arrayKnown = ref.indices() != null
                        && jobs.stream().anyMatch(j -> j.id() == ref.id() && j.tasks().stream().anyMatch(SimTask::isListed));
                if (records.isEmpty() && arrayKnown) {
                    // a task cancelled alone while pending is gone (trap 7: scontrol_show_job_cancelled_pending_task)
                    return new Reply(1, "Job " + id + " not found\n", "");
                }
            }
            if (records.isEmpty()) {
                return Reply.error(1, "slurm_load_jobs error: Invalid job id specified\n");
            }
        }
        StringBuilder out = new StringBuilder();
        for (SlurmRecord r : records) {
            out.append(jobText(r, oneLiner));
        }
        return Reply.ok(out.toString());
    }

    /** The array's remainder first, then its tasks, newest own id first (scontrol_show_job_array_all). */
    private static List<SlurmRecord> ordered(List<SlurmRecord> records) {
        List<SlurmRecord> out = new ArrayList<>(records);
        out.sort(Comparator.comparing((SlurmRecord r) -> r.kind() != SlurmRecord.Kind.REMAINDER)
                .thenComparing(Comparator.comparingLong(SlurmRecord::rawId).reversed()));
        return out;
    }

    private String jobText(SlurmRecord r, boolean oneLiner) {
        SimJob job = r.job();
        SlurmJobInfo info = r.info();
        SimTask t = r.task();
        Instant now = cluster.clock().now();
        boolean started = t.wasStarted();
        boolean rejected = info.rejectedReason != null;
        List<String> lines = new ArrayList<>();
        String head = "JobId=" + r.rawId();
        if (job.isArray()) {
            head += " ArrayJobId=" + job.id() + " ArrayTaskId="
                    + (r.kind() == SlurmRecord.Kind.REMAINDER ? r.taskSpec(false) : t.index());
            if (job.throttle() > 0) {
                head += " ArrayTaskThrottle=" + job.throttle();
            }
        }
        lines.add(head + " JobName=" + info.name);
        String user = job.user() + "(" + config.uid() + ")";
        lines.add("UserId=" + user + " GroupId=" + user + " MCS_label=N/A");
        lines.add("Priority=" + r.priority() + " Nice=0 Account=" + info.account + " QOS=" + info.qos);
        lines.add("JobState=" + r.state(config) + " Reason=" + r.reason(config) + " Dependency=" + info.dependencyText);
        lines.add("Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode="
                + (rejected ? "0:1" : SlurmStates.scontrolExitCode(t, config)));
        lines.add("RunTime=" + SlurmTime.hms(r.elapsed(now)) + " TimeLimit=" + SlurmTime.hms(job.request().timeLimit())
                + " TimeMin=N/A");
        String submit = stamp(job.submitTime());
        lines.add("SubmitTime=" + submit + " EligibleTime=" + (started || rejected ? stamp(started ? t.startTime() : job.submitTime()) : "Unknown"));
        lines.add("AccrueTime=" + (rejected ? "Unknown" : submit));
        Instant start = r.start();
        Instant end = r.end();
        lines.add("StartTime=" + (start == null ? "Unknown" : stamp(start)) + " EndTime=" + (end == null ? "Unknown" : stamp(end))
                + " Deadline=N/A");
        lines.add("SuspendTime=None SecsPreSuspend=0 LastSchedEval=" + (started ? stamp(t.startTime()) : submit) + " Scheduler=Main");
        lines.add("Partition=" + info.partition + " AllocNode:Sid=" + config.controlHost() + ":" + info.allocSid);
        lines.add("ReqNodeList=(null) ExcNodeList=(null)");
        lines.add("NodeList=" + r.nodeList() + (started ? " BatchHost=" + t.nodes().get(0) : ""));
        int cpus = job.request().cpus() * job.request().nodes();
        boolean finishedUnstarted = !started && t.state() != TaskState.PENDING;
        lines.add("NumNodes=" + job.request().nodes() + " NumCPUs=" + cpus + " NumTasks="
                + (finishedUnstarted ? "N/A" : Integer.toString(info.ntasks))
                + " CPUs/Task=" + (info.cpusPerTask == null ? 1 : info.cpusPerTask) + " ReqB:S:C:T=0:0:*:*");
        lines.add("TRES=cpu=" + cpus + ",mem=" + SlurmMemory.format(info.memoryPerNodeMb(job.request().cpus()))
                + ",node=" + job.request().nodes() + ",billing=" + cpus);
        lines.add("Socks/Node=* NtasksPerN:B:S:C=0:0:*:* CoreSpec=*");
        lines.add("MinCPUsNode=" + job.request().cpus() + (info.memPerNodeMb != null
                ? " MinMemoryNode=" + SlurmMemory.format(info.memPerNodeMb)
                : " MinMemoryCPU=" + SlurmMemory.format(info.memPerCpuMb)) + " MinTmpDiskNode=0");
        lines.add("Features=(null) DelayBoot=00:00:00");
        lines.add("OverSubscribe=OK Contiguous=0 Licenses=(null) Network=(null)");
        lines.add("Command=" + (info.command == null ? "(null)" : info.command.toString()));
        lines.add("WorkDir=" + info.workDir);
        int index = r.kind() == SlurmRecord.Kind.REMAINDER ? -1 : t.index();
        long ownId = r.rawId();
        String out = info.outputPattern != null ? info.outputPattern : job.isArray() ? "slurm-%A_%a.out" : "slurm-%j.out";
        String err = info.errorPattern != null ? info.errorPattern : out;
        lines.add("StdErr=" + info.workDir.resolve(SlurmRuntime.expand(err, job, index, ownId, t.nodes())));
        lines.add("StdIn=/dev/null");
        lines.add("StdOut=" + info.workDir.resolve(SlurmRuntime.expand(out, job, index, ownId, t.nodes())));
        lines.add("Power=");
        if (oneLiner) {
            return String.join(" ", lines) + " \n";
        }
        return String.join("\n   ", lines) + "\n   \n\n";
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
