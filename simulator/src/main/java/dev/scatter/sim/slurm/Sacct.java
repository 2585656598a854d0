package dev.scatter.sim.slurm;

import dev.scatter.sim.FaultPlan;
import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.dialect.Getopt;
import dev.scatter.sim.queue.EndCause;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;
import dev.scatter.sim.queue.TaskState;
import dev.scatter.sim.queue.WaitReason;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static dev.scatter.sim.dialect.Getopt.longOpt;
import static dev.scatter.sim.dialect.Getopt.opt;

/** {@code sacct}: accounting, which keeps every job after squeue forgot it (trap 6). */
final class Sacct {

    private static final Getopt OPTIONS = new Getopt(false,
            opt('P', "parsable2", false), opt('p', "parsable", false), opt('n', "noheader", false),
            opt('X', "allocations", false), opt('j', "jobs", true), opt('o', "format", true),
            opt('u', "user", true), opt('a', "allusers", false), opt('s', "state", true),
            opt('S', "starttime", true), opt('E', "endtime", true), opt('b', "brief", false),
            opt('D', "duplicates", false), opt('L', "allclusters", false), opt('M', "clusters", true),
            longOpt("name", true), longOpt("noconvert", false), opt('V', "version", false),
            longOpt("help", false), longOpt("units", true), opt('l', "long", false));

    /** A field: its name, default width (negative = left-justified), and where its value comes from. */
    private record Field(String name, int width, Function<Line, String> value) {
    }

    /** One output line: a job (or remainder) line, or one of its steps. */
    private record Line(SlurmRecord record, String step) {
    }

    private final SimCluster cluster;
    private final SimConfig config;
    private final FaultPlan faults;
    private final Map<String, Field> fields;

    Sacct(SimCluster cluster, FaultPlan faults) {
        this.cluster = cluster;
        this.config = cluster.config();
        this.faults = faults;
        this.fields = fieldTable();
    }

    Reply run(Invocation inv) {
        SlurmCommandLine commandLine = SlurmCommandLine.parse("sacct", OPTIONS, inv.args(), 1);
        if (commandLine.reply() != null) {
            return commandLine.reply();
        }
        Getopt.Result args = commandLine.args();
        if (!config.accounting()) {
            return Reply.error(1, "sacct: error: Slurm accounting storage is disabled\n");
        }
        String spec = args.has("brief") ? "JobID,State,ExitCode" : "JobID,JobName,Partition,Account,AllocCPUS,State,ExitCode";
        if (args.last("format") != null) {
            spec = args.last("format");
        }
        List<Field> columns = new ArrayList<>();
        for (String name : spec.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            int pct = name.indexOf('%');
            Field f = fields.get((pct >= 0 ? name.substring(0, pct) : name).toLowerCase(Locale.ROOT));
            if (f == null) {
                return Reply.error(1, "sacct: error: Invalid field requested: \"" + name + "\"\n");
            }
            if (pct >= 0) {
                int w = Integer.parseInt(name.substring(pct + 1));
                f = new Field(f.name(), f.width() < 0 ? -w : w, f.value());
            }
            columns.add(f);
        }
        boolean parsable2 = args.has("parsable2");
        boolean parsable = args.has("parsable") || parsable2;
        String stateFilter = args.last("state");
        return cluster.read(() -> {
            List<Line> lines = select(args, stateFilter);
            StringBuilder out = new StringBuilder();
            if (!args.has("noheader")) {
                if (parsable) {
                    out.append(joinParsable(columns.stream().map(Field::name).toList(), parsable2));
                } else {
                    StringBuilder dashes = new StringBuilder();
                    for (Field f : columns) {
                        out.append(fixed(f.name(), f.width())).append(' ');
                        dashes.append("-".repeat(Math.abs(f.width()))).append(' ');
                    }
                    out.append('\n').append(dashes).append('\n');
                }
            }
            for (Line line : lines) {
                if (parsable) {
                    out.append(joinParsable(columns.stream().map(f -> f.value().apply(line)).toList(), parsable2));
                } else {
                    for (Field f : columns) {
                        out.append(fixed(f.value().apply(line), f.width())).append(' ');
                    }
                    out.append('\n');
                }
            }
            return Reply.ok(out.toString());
        });
    }

    private List<Line> select(Getopt.Result args, String stateFilter) {
        Instant now = cluster.clock().now();
        Duration lag = faults.accountingLag();
        List<SimJob> jobs = cluster.jobs();
        List<SlurmRecord> records = new ArrayList<>();
        List<String> refs = new ArrayList<>();
        args.all("jobs").forEach(v -> refs.addAll(List.of(v.split(","))));
        if (refs.isEmpty()) {
            String user = args.has("allusers") ? null : args.last("user") != null ? args.last("user") : config.user();
            for (SimJob j : jobs) {
                if (user == null || j.user().equals(user)) {
                    records.addAll(SlurmRecord.accounting(j));
                }
            }
        } else {
            Set<SimTask> seen = new LinkedHashSet<>();
            for (String text : refs) {
                SlurmIds.Ref ref = SlurmIds.parse(text);
                if (ref == null) {
                    continue;
                }
                List<SimTask> tasks = SlurmIds.resolve(ref, jobs);
                if (SlurmIds.wholeJob(ref, jobs)) {
                    for (SlurmRecord r : SlurmRecord.accounting(tasks.get(0).job())) {
                        if (seen.addAll(r.members())) {
                            records.add(r);
                        }
                    }
                    continue;
                }
                for (SimTask t : tasks) {
                    if (t.isRemoved() || seen.contains(t)) {
                        continue;
                    }
                    for (SlurmRecord r : SlurmRecord.accounting(t.job())) {
                        if (r.members().contains(t) && seen.addAll(r.members())) {
                            records.add(r);
                        }
                    }
                }
            }
        }
        Set<String> states = stateFilter == null ? null : parseStates(stateFilter);
        String name = args.last("name");
        List<Line> lines = new ArrayList<>();
        for (SlurmRecord r : records) {
            // accounting lags behind the controller (trap 3)
            if (r.job().submitTime().plus(lag).isAfter(now)) {
                continue;
            }
            if (states != null && !states.contains(baseState(r))) {
                continue;
            }
            if (name != null && !List.of(name.split(",")).contains(r.info().name)) {
                continue;
            }
            lines.add(new Line(r, null));
            if (!args.has("allocations") && r.kind() != SlurmRecord.Kind.REMAINDER && r.task().wasStarted()) {
                lines.add(new Line(r, "batch"));
                lines.add(new Line(r, "extern"));
            }
        }
        return lines;
    }

    private Set<String> parseStates(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : text.split(",")) {
            String u = s.trim().toUpperCase(Locale.ROOT);
            out.add(SlurmStates.COMPACT.entrySet().stream().filter(e -> e.getValue().equals(u))
                    .map(Map.Entry::getKey).findFirst().orElse(u));
        }
        return out;
    }

    private String baseState(SlurmRecord r) {
        return r.state(config);
    }

    private static String joinParsable(List<String> values, boolean parsable2) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            sb.append(values.get(i));
            if (i < values.size() - 1 || !parsable2) {
                sb.append('|'); // -p leaves a trailing |, -P does not (trap 15)
            }
        }
        return sb.append('\n').toString();
    }

    /** Fixed width: cut to width-1 plus {@code +} when longer (CANCELLED+, trap 15). */
    private static String fixed(String value, int width) {
        int w = Math.abs(width);
        if (value.length() > w) {
            value = value.substring(0, w - 1) + "+";
        }
        String pad = " ".repeat(w - value.length());
        return width < 0 ? value + pad : pad + value;
    }

    // ------------------------------------------------------------------ values

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

    private Map<String, Field> fieldTable() {
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
        Map<String, Field> table = new java.util.HashMap<>();
        for (Field f : list) {
            table.put(f.name().toLowerCase(Locale.ROOT), f);
        }
        return Map.copyOf(table);
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
