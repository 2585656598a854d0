package dev.scatter.sim.slurm;

import dev.scatter.sim.FaultPlan;
import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.dialect.Getopt;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;
import dev.scatter.sim.slurm.SacctFields.Field;
import dev.scatter.sim.slurm.SacctFields.Line;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.scatter.sim.dialect.Getopt.longOpt;
import static dev.scatter.sim.dialect.Getopt.opt;

/**
 * {@code sacct}: accounting, which keeps every job after squeue forgot it (trap 6). This class
 * selects the records and lays them out; {@link SacctFields} works out each field.
 */
final class Sacct {

    private static final Getopt OPTIONS = new Getopt(false,
            opt('P', "parsable2", false), opt('p', "parsable", false), opt('n', "noheader", false),
            opt('X', "allocations", false), opt('j', "jobs", true), opt('o', "format", true),
            opt('u', "user", true), opt('a', "allusers", false), opt('s', "state", true),
            opt('S', "starttime", true), opt('E', "endtime", true), opt('b', "brief", false),
            opt('D', "duplicates", false), opt('L', "allclusters", false), opt('M', "clusters", true),
            longOpt("name", true), longOpt("noconvert", false), opt('V', "version", false),
            longOpt("help", false), longOpt("units", true), opt('l', "long", false));

    private final SimCluster cluster;
    private final SimConfig config;
    private final FaultPlan faults;
    private final SacctFields fields;

    Sacct(SimCluster cluster, FaultPlan faults) {
        this.cluster = cluster;
        this.config = cluster.config();
        this.faults = faults;
        this.fields = new SacctFields(cluster);
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
            Field f = fields.named(pct >= 0 ? name.substring(0, pct) : name);
            if (f == null) {
                return Reply.error(1, "sacct: error: Invalid field requested: \"" + name + "\"\n");
            }
            if (pct >= 0) {
                int w = Integer.parseInt(name.substring(pct + 1));
                f = f.withWidth(w);
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

}
