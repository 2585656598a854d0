package dev.scatter.sim.slurm;

import dev.scatter.sim.SimConfig;
import dev.scatter.sim.queue.EndCause;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimTask;
import dev.scatter.sim.queue.TaskState;
import dev.scatter.sim.queue.WaitReason;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The fields sacct can print ({@code -o JobID,State,...}) and how each is worked out for a job
 * line or one of its steps ({@code .batch}, {@code .extern}): states, exit codes, times and
 * MaxRSS as SLURM's accounting records them. Called under the cluster's lock.
 */
final class SacctFields {

    /** A field: its name, default width (negative = left-justified), and its value on a line. */
    record Field(String name, int width, Function<Line, String> value) {
        /** {@code Name%w}: the given width, keeping the field's justification. */
        Field withWidth(int w) {
            return new Field(name, width < 0 ? -w : w, value);
        }
    }

    /** One output line: a job (or remainder) line, or one of its steps. */
    record Line(SlurmRecord record, String step) {
    }

    private final SimCluster cluster;
    private final SimConfig config;
    private final Map<String, Field> byName;

    SacctFields(SimCluster cluster) {
        this.cluster = cluster;
        this.config = cluster.config();
        this.byName = table();
    }

    /** The field {@code -o} names (any case), or {@code null}. */
    Field named(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    private Map<String, Field> table() {
        List<Field> list = List.of(
                new Field("JobID", -12, l -> l.record().jobId(true) + (l.step() == null ? "" : "." + l.step())),
                new Field("JobIDRaw", -12, l -> l.record().rawId() + (l.step() == null ? "" : "." + l.step())),
                new Field("JobName", 10, l -> l.step() == null ? l.record().info().name : l.step()),
                new Field("Partition", 10, l -> l.step() == null ? l.record().info().partition : ""),
                new Field("Account", 10, l -> l.record().info().account),
                new Field("AllocCPUS", 10, l -> l.record().isPending() ? "0" : Integer.toString(cpus(l))),
                new Field("State", 10, this::state),
                new Field("ExitCode", 8, this::exitCode),
                new Field("DerivedExitCode", 15, l -> l.step() == null ? "0:0" : ""),
                new Field("Reason", 20, this::reason),
                new Field("Start", 19, this::start),
                new Field("End", 19, this::end),
                new Field("Submit", 19, l -> stamp(l.record().job().submitTime())),
                new Field("Eligible", 19, l -> stamp(l.record().job().submitTime())),
                new Field("Elapsed", 10, l -> SlurmTime.hms(l.record().elapsed(cluster.clock().now()))),
                new Field("ElapsedRaw", 10, l -> Long.toString(l.record().elapsed(cluster.clock().now()).getSeconds())),
                new Field("Timelimit", 10, l -> l.step() == null ? SlurmTime.hms(l.record().job().request().timeLimit()) : ""),
                new Field("ReqMem", 10, l -> l.step() == null ? reqMem(l.record()) : ""),
                new Field("MaxRSS", 10, this::maxRss),
                new Field("TotalCPU", 10, l -> SlurmTime.cpu(Duration.ofMillis(l.step() != null && l.step().equals("extern") ? 5 : l.record().task().cpuMillis()))),
                new Field("AllocNodes", 10, l -> Integer.toString(l.record().job().request().nodes())),
                new Field("NNodes", 8, l -> Integer.toString(l.record().job().request().nodes())),
                new Field("NCPUS", 10, l -> Integer.toString(cpus(l))),
                new Field("ReqCPUS", 8, l -> Integer.toString(cpus(l))),
                new Field("NodeList", 15, l -> l.record().task().wasStarted() ? l.record().nodeList() : "None assigned"),
                new Field("User", 9, l -> l.step() == null ? l.record().job().user() : ""),
                new Field("UID", 6, l -> Integer.toString(config.uid())),
                new Field("Group", 9, l -> l.record().job().user()),
                new Field("QOS", 10, l -> l.step() == null ? l.record().info().qos : ""),
                new Field("Cluster", 10, l -> config.clusterName()),
                new Field("WorkDir", 20, l -> l.record().info().workDir.toString()),
                new Field("Priority", 10, l -> Long.toString(l.record().priority())),
                new Field("Comment", 15, l -> ""),
                new Field("SubmitLine", 20, l -> ""));
        Map<String, Field> table = new HashMap<>();
        for (Field f : list) {
            table.put(f.name().toLowerCase(Locale.ROOT), f);
        }
        return Map.copyOf(table);
    }

    private String state(Line l) {
        SimTask t = l.record().task();
        if (l.step() == null) {
            String s = l.record().state(config);
            return s.equals("CANCELLED") ? "CANCELLED by " + config.uid() : s;
        }
        if (l.step().equals("extern")) {
            return t.state() == TaskState.RUNNING ? "RUNNING" : "COMPLETED";
        }
        if (t.state() == TaskState.RUNNING) {
            return "RUNNING";
        }
        EndCause cause = t.endCause();
        if (cause == EndCause.MEMORY_LIMIT) {
            // OverMemoryKill: slurmstepd (uid 0) kills the step (trap 1)
            return config.slurmMemoryKill() == SimConfig.MemoryKillReport.CGROUP ? "OUT_OF_MEMORY" : "CANCELLED by 0";
        }
        if (cause == EndCause.EXITED) {
            return t.signal() != 0 ? "CANCELLED" : t.exitCode() == 0 ? "COMPLETED" : "FAILED";
        }
        return cause == EndCause.NODE_FAIL ? "NODE_FAIL" : "CANCELLED";
    }

    private String exitCode(Line l) {
        SimTask t = l.record().task();
        if (l.record().info().rejectedReason != null) {
            return "1:0"; // the FAILED record of a rejected submission (trap 11)
        }
        if (l.step() == null) {
            return SlurmStates.sacctExitCode(t, config);
        }
        if (l.step().equals("extern") || t.state() == TaskState.RUNNING) {
            return "0:0";
        }
        return switch (t.endCause()) {
            case TIME_LIMIT, CANCELLED -> "0:15";
            case MEMORY_LIMIT -> config.slurmMemoryKill() == SimConfig.MemoryKillReport.CGROUP ? "0:125" : "0:9";
            case NODE_FAIL -> "0:0";
            default -> t.exitCode() + ":" + t.signal();
        };
    }

    private String start(Line l) {
        SlurmRecord r = l.record();
        if (r.task().wasStarted()) {
            return stamp(r.task().startTime());
        }
        return r.task().state().isFinished() ? "None" : "Unknown";
    }

    private String end(Line l) {
        SimTask t = l.record().task();
        return t.state().isFinished() ? stamp(t.endTime()) : "Unknown";
    }

    private String reason(Line l) {
        if (l.step() != null) {
            return "";
        }
        SlurmRecord r = l.record();
        if (r.info().rejectedReason != null) {
            return "None";
        }
        WaitReason w = r.task().state() == TaskState.PENDING ? r.task().reason() : r.task().lastWaitReason();
        return SlurmStates.REASONS.get(w);
    }

    private String stamp(Instant i) {
        return SlurmTime.stamp(i, config.zone());
    }

    private static int cpus(Line l) {
        return l.record().job().request().cpus() * l.record().job().request().nodes();
    }

    private static String reqMem(SlurmRecord r) {
        SlurmJobInfo info = r.info();
        return SlurmMemory.format(info.memPerNodeMb != null ? info.memPerNodeMb : info.memPerCpuMb);
    }

    /** MaxRSS is set on steps only (trap 15): the batch step's polled peak, the extern step 0. */
    private String maxRss(Line l) {
        if (l.step() == null) {
            return "";
        }
        if (l.step().equals("extern")) {
            return "0";
        }
        long kb = l.record().task().maxRssKb();
        return kb < 0 ? "" : kb + "K";
    }
}
