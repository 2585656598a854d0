package dev.scatter.sim.pbs;

import dev.scatter.core.model.Durations;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimNode;
import dev.scatter.sim.queue.SimTask;
import dev.scatter.sim.queue.TaskState;
import dev.scatter.sim.queue.WaitReason;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The values of single qstat attributes (times, resources, hosts, variables, substates,
 * comments) as OpenPBS prints them; {@link PbsAttributes} decides which attributes a record has
 * and in which order. Torque's qstat reuses the times, resources and variables.
 */
final class PbsValues {

    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);
    private static final DateTimeFormatter COMMENT = DateTimeFormatter.ofPattern("EEE MMM dd 'at' HH:mm", Locale.ROOT);

    private final PbsDialect dialect;
    private final SimConfig config;

    PbsValues(PbsDialect dialect) {
        this.dialect = dialect;
        this.config = dialect.config();
    }

    // ------------------------------------------------------------------ times

    /** ctime, qtime, stime, …: {@code Tue Mar  5 10:01:02 2024} in the cluster's zone. */
    String ctime(Instant i) {
        return CTIME.format(i.atZone(config.zone()));
    }

    /** The time inside comments: {@code Tue Mar 05 at 10:01}. */
    String commentTime(Instant i) {
        return COMMENT.format(i.atZone(config.zone()));
    }

    static Instant firstStart(SimJob job) {
        Instant first = null;
        for (SimTask t : job.tasks()) {
            if (t.wasStarted() && (first == null || t.startTime().isBefore(first))) {
                first = t.startTime();
            }
        }
        return first;
    }

    static Instant lastEnd(SimJob job) {
        Instant last = job.submitTime();
        for (SimTask t : job.tasks()) {
            if (t.endTime() != null && t.endTime().isAfter(last)) {
                last = t.endTime();
            }
        }
        return last;
    }

    /** A record's last change: its end, else its start, else its submission. */
    static Instant mtime(SimTask t) {
        if (t.endTime() != null) {
            return t.endTime();
        }
        return t.wasStarted() ? t.startTime() : t.job().submitTime();
    }

    static Instant jobMtime(SimJob job) {
        Instant m = job.submitTime();
        for (SimTask t : job.tasks()) {
            Instant x = mtime(t);
            if (x.isAfter(m)) {
                m = x;
            }
        }
        return m;
    }

    /** Walltimes: {@code HH:MM:SS}, hours not wrapped at 24. */
    static String hms(Duration d) {
        return Durations.hms(d.getSeconds());
    }

    // ------------------------------------------------------------------ resources, hosts, variables

    Map<String, Object> resourceList(PbsJobInfo info, SimJob job) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (info.memText != null) {
            r.put("mem", info.memText);
        }
        r.put("ncpus", info.ncpus);
        r.put("nodect", job.request().nodes());
        r.put("place", info.place);
        r.put("select", info.select);
        if (info.walltime != null) {
            r.put("walltime", hms(info.walltime));
        }
        return r;
    }

    Map<String, Object> resourcesUsed(SimTask t, Instant now) {
        Map<String, Object> r = new LinkedHashMap<>();
        long mem = Math.max(0, t.maxRssKb());
        Instant until = t.state() == TaskState.RUNNING ? now : t.endTime();
        r.put("cpupercent", 0);
        r.put("cput", hms(Duration.ofMillis(t.cpuMillis())));
        r.put("mem", mem + "kb");
        r.put("ncpus", t.job().info(PbsJobInfo.class).ncpus);
        r.put("vmem", mem + "kb");
        r.put("walltime", hms(Duration.between(t.startTime(), until)));
        return r;
    }

    /** PBS_O_* first, -v variables before PBS_O_QUEUE and PBS_O_HOST (qstat_fjson_xt_all, 16.pbshost). */
    Map<String, Object> variableList(PbsJobInfo info) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (String name : List.of("HOME", "LANG", "LOGNAME", "PATH", "MAIL", "SHELL")) {
            if (info.submitEnv.containsKey(name)) {
                v.put("PBS_O_" + name, info.submitEnv.get(name));
            }
        }
        v.put("PBS_O_WORKDIR", info.submitDir.toString());
        v.put("PBS_O_SYSTEM", "Linux");
        v.putAll(info.variables);
        v.put("PBS_O_QUEUE", info.queue);
        v.put("PBS_O_HOST", dialect.server());
        return v;
    }

    String execVnode(SimTask t) {
        PbsJobInfo info = t.job().info(PbsJobInfo.class);
        String node = t.nodes().isEmpty() ? dialect.server() : t.nodes().get(0);
        return "(" + node + ":ncpus=" + info.ncpus + (info.memKb > 0 ? ":mem=" + info.memKb + "kb" : "") + ")";
    }

    String execHost(SimTask t) {
        PbsJobInfo info = t.job().info(PbsJobInfo.class);
        String node = t.nodes().isEmpty() ? dialect.server() : t.nodes().get(0);
        int slot = info.slots.getOrDefault(t.index(), 0);
        return node + "/" + slot + (info.ncpus > 1 ? "*" + info.ncpus : "");
    }

    // ------------------------------------------------------------------ states and comments

    /** substate: 10 queued, 20 held, 42 running, 92 finished, 93 failed, 91 terminated. */
    int substate(SimTask t) {
        return switch (t.state()) {
            case PENDING -> t.job().isHeld() ? 20 : 10;
            case RUNNING -> 42;
            case COMPLETED -> 92;
            case CANCELLED -> 91;
            default -> 93;
        };
    }

    /** The parent's substate: 70 once begun; at the end 92 all fine, 93 something failed, 91 deleted. */
    int parentSubstate(SimJob job) {
        if (!job.allFinished()) {
            return job.anyStarted() ? 70 : job.isHeld() ? 20 : 10;
        }
        if (job.info(PbsJobInfo.class).deleteTime != null) {
            return 91;
        }
        return job.tasks().stream().allMatch(t -> t.state() == TaskState.COMPLETED) ? 92 : 93;
    }

    /** How the "Job run at …" comment ends once the job ended. */
    String endingComment(SimTask t) {
        return switch (t.state()) {
            case RUNNING, PENDING -> "";
            case COMPLETED -> " and finished";
            case CANCELLED -> " and terminated by " + config.user() + "@" + dialect.server();
            case TIMEOUT -> " and exceeded resource walltime";
            case OUT_OF_MEMORY -> " and exceeded resource mem";
            case NODE_FAIL -> " and terminated";
            default -> " and failed";
        };
    }

    /** The scheduler's comment on a queued job (trap PBS 14: "Can Never Run"). */
    String queuedComment(SimTask t) {
        PbsJobInfo info = t.job().info(PbsJobInfo.class);
        WaitReason r = t.state() == TaskState.PENDING ? t.reason() : t.lastWaitReason();
        int free = 0;
        for (SimNode n : dialect.cluster().nodes()) {
            if (n.isUp()) {
                free = Math.max(free, n.cpus() - n.allocatedCpus());
            }
        }
        int total = config.coresPerNode();
        return switch (r) {
            case TOO_MANY_CPUS -> "Can Never Run: Insufficient amount of resource: ncpus (R: " + info.ncpus
                    + " A: " + total + " T: " + total + ")";
            case TOO_MUCH_MEMORY -> "Can Never Run: Insufficient amount of resource: mem (R: " + info.memText
                    + " A: " + config.memoryMbPerNode() + "mb T: " + config.memoryMbPerNode() + "mb)";
            case TOO_MANY_NODES -> "Can Never Run: Not enough total nodes available";
            case RESOURCES, PRIORITY -> "Not Running: Insufficient amount of resource: ncpus (R: " + info.ncpus
                    + " A: " + free + " T: " + total + ")";
            default -> null;
        };
    }

    /** The parent's comment: when the array began and, once it is over, how it ended. */
    String parentComment(SimJob job) {
        Instant began = firstStart(job);
        if (began == null) {
            return null;
        }
        String c = "Job Array Began at " + commentTime(began);
        if (job.allFinished()) {
            int sub = parentSubstate(job);
            c += sub == 91 ? " and terminated" : sub == 93 ? " and failed" : " and finished";
        }
        return c;
    }

    /**
     * The parent's Exit_status: 1 as soon as a subjob ended while the array runs; at the end the
     * status of the subjob that finished last, 1 after a qdel of the array (trap PBS 7).
     */
    Integer parentExit(SimJob job) {
        PbsJobInfo info = job.info(PbsJobInfo.class);
        boolean anyEnded = job.tasks().stream().anyMatch(t -> t.state().isFinished());
        if (!anyEnded) {
            return null;
        }
        if (!job.allFinished() || info.deleteTime != null) {
            return 1;
        }
        SimTask last = null;
        for (SimTask t : job.tasks()) {
            if (t.wasStarted() && (last == null || !t.endTime().isBefore(last.endTime()))) {
                last = t;
            }
        }
        int exit = last == null ? 0 : dialect.exitStatus(last);
        return exit < 0 ? 2 : exit;
    }

    /** array_state_count: subjobs by state. */
    String stateCount(SimJob job) {
        int queued = 0;
        int running = 0;
        int expired = 0;
        PbsJobInfo info = job.info(PbsJobInfo.class);
        boolean done = job.allFinished();
        for (SimTask t : job.tasks()) {
            switch (t.state()) {
                case PENDING -> queued++;
                case RUNNING -> running++;
                default -> {
                    // at the end only the subjobs printed as templates count (qstat_fjson_xt_*)
                    if (!done || !t.wasStarted() || info.rewritten.contains(t.index())) {
                        expired++;
                    }
                }
            }
        }
        return "Queued:" + queued + " Running:" + running + " Exiting:0 Expired:" + expired;
    }
}
