package dev.scatter.sim.slurm;

import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;
import dev.scatter.sim.queue.TaskState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code scontrol show job [-o] [id]}: which records an id selects, and each record in SLURM's
 * layout (indented lines, or one line with {@code -o}). Called under the cluster's lock.
 */
final class ScontrolShowJob {

    private final SimCluster cluster;
    private final SimConfig config;

    ScontrolShowJob(SimCluster cluster) {
        this.cluster = cluster;
        this.config = cluster.config();
    }

    /** All live jobs, or those {@code id} names; SLURM's messages when it names none. */
    Reply show(String id, boolean oneLiner) {
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

    private String stamp(Instant i) {
        return SlurmTime.stamp(i, config.zone());
    }
}
