package dev.scatter.sim.slurm;

import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.dialect.Getopt;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.scatter.sim.dialect.Getopt.longOpt;
import static dev.scatter.sim.dialect.Getopt.opt;

/** {@code squeue}: the live queue, finished jobs until MinJobAge (trap 6). */
final class Squeue {

    private static final Getopt OPTIONS = new Getopt(false,
            opt('h', "noheader", false), opt('o', "format", true), opt('O', "Format", true),
            opt('r', "array", false), opt('j', "jobs", true), opt('t', "states", true), opt('u', "user", true),
            longOpt("me", false), opt('n', "name", true), opt('p', "partition", true), opt('A', "account", true),
            opt('l', "long", false), opt('a', "all", false), opt('S', "sort", true), opt('v', "verbose", false),
            opt('V', "version", false), opt('q', "qos", true), opt('w', "nodelist", true), opt('M', "clusters", true),
            longOpt("noconvert", false), longOpt("help", false), longOpt("usage", false));

    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    private final SimCluster cluster;
    private final SimConfig config;

    Squeue(SimCluster cluster) {
        this.cluster = cluster;
        this.config = cluster.config();
    }

    Reply run(Invocation inv) {
        SlurmCommandLine commandLine = SlurmCommandLine.parse("squeue", OPTIONS, inv.args(), 1);
        if (commandLine.reply() != null) {
            return commandLine.reply();
        }
        Getopt.Result args = commandLine.args();
        Set<String> states = null;
        String stateArg = args.last("states");
        if (stateArg != null) {
            states = parseStates(stateArg);
            if (states == null) {
                return Reply.error(1, "squeue: error: Invalid job state specified: " + badState(stateArg) + "\n"
                        + "squeue: error: Valid job states include: " + SlurmStates.VALID_STATES + "\n\n");
            }
        }
        SlurmOutputFormat format;
        if (args.last("Format") != null) {
            format = SlurmOutputFormat.ofNames(args.last("Format"));
        } else if (args.last("format") != null) {
            format = SlurmOutputFormat.ofLetters(args.last("format"));
        } else {
            format = SlurmOutputFormat.ofLetters(args.has("long") ? SlurmOutputFormat.LONG : SlurmOutputFormat.DEFAULT);
        }
        String errors = format.invalidField() == null ? ""
                : "squeue: error: Invalid job format specification: " + format.invalidField() + "\n";
        List<String> jobRefs = splitList(args.all("jobs"));
        final Set<String> stateFilter = states;
        return cluster.read(() -> {
            Instant now = cluster.clock().now();
            List<SlurmRecord> records = select(args, jobRefs);
            if (records == null) {
                return Reply.error(1, "slurm_load_jobs error: Invalid job id specified\n");
            }
            records.removeIf(r -> !shown(r, stateFilter));
            records.sort(order());
            StringBuilder out = new StringBuilder();
            if (args.has("long") && args.last("format") == null && args.last("Format") == null) {
                out.append(LONG_DATE.format(now.atZone(config.zone()))).append('\n');
            }
            if (!args.has("noheader")) {
                out.append(format.header()).append('\n');
            }
            for (SlurmRecord r : records) {
                out.append(format.line(r, now, config)).append('\n');
            }
            return new Reply(0, out.toString(), errors);
        });
    }

    /**
     * The records the filters select, or {@code null} when a single {@code -j} id matches nothing
     * (unknown or purged: exit 1, trap 5). In a list, unknown ids are dropped silently.
     */
    private List<SlurmRecord> select(Getopt.Result args, List<String> jobRefs) {
        boolean expand = args.has("array");
        List<SimJob> jobs = cluster.jobs();
        List<SlurmRecord> out = new ArrayList<>();
        if (!jobRefs.isEmpty()) {
            Set<SimTask> seen = new HashSet<>();
            for (String text : jobRefs) {
                SlurmIds.Ref ref = SlurmIds.parse(text);
                if (ref == null) {
                    continue;
                }
                if (SlurmIds.wholeJob(ref, jobs)) {
                    SimJob job = jobs.stream().filter(j -> j.id() == ref.id()).findFirst().orElseThrow();
                    for (SlurmRecord r : SlurmRecord.live(job, expand)) {
                        if (seen.addAll(r.members())) {
                            out.add(r);
                        }
                    }
                } else {
                    for (SimTask t : SlurmIds.resolve(ref, jobs)) {
                        if (t.isListed() && seen.add(t)) {
                            out.add(SlurmRecord.ofTask(t));
                        }
                    }
                }
            }
            if (jobRefs.size() == 1 && out.isEmpty()) {
                return null;
            }
        } else {
            for (SimJob job : jobs) {
                out.addAll(SlurmRecord.live(job, expand));
            }
        }
        Set<String> users = new HashSet<>(splitList(args.all("user")));
        if (args.has("me")) {
            users.add(config.user());
        }
        Set<String> names = new HashSet<>(splitList(args.all("name")));
        Set<String> partitions = new HashSet<>(splitList(args.all("partition")));
        Set<String> accounts = new HashSet<>(splitList(args.all("account")));
        out.removeIf(r -> (!users.isEmpty() && !users.contains(r.job().user()))
                || (!names.isEmpty() && !names.contains(r.info().name))
                || (!partitions.isEmpty() && !partitions.contains(r.info().partition))
                || (!accounts.isEmpty() && !accounts.contains(r.info().account)));
        return out;
    }

    /** Without -t only pending and running jobs show, even when named with -j (trap 5). */
    private boolean shown(SlurmRecord r, Set<String> states) {
        String name = r.state(config);
        if (states == null) {
            return name.equals("PENDING") || name.equals("RUNNING");
        }
        return states.contains("ALL") || states.contains(name);
    }

    /** State names in SLURM order, or {@code null} if one is not a state. */
    private static Set<String> parseStates(String arg) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : arg.split(",")) {
            String u = s.trim().toUpperCase(Locale.ROOT);
            if (u.equals("ALL")) {
                out.add("ALL");
            } else if (SlurmStates.COMPACT.containsKey(u)) {
                out.add(u);
            } else {
                String full = SlurmStates.COMPACT.entrySet().stream().filter(e -> e.getValue().equals(u))
                        .map(java.util.Map.Entry::getKey).findFirst().orElse(null);
                if (full == null) {
                    return null;
                }
                out.add(full);
            }
        }
        return out;
    }

    private static String badState(String arg) {
        for (String s : arg.split(",")) {
            if (parseStates(s) == null) {
                return s;
            }
        }
        return arg;
    }

    private static List<String> splitList(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    /**
     * squeue's default sort is partition, state, priority (descending). Ties keep slurmctld's
     * internal order, which we replace by a stable one: submission, remainder first, own id.
     */
    private Comparator<SlurmRecord> order() {
        return Comparator
            .comparing((SlurmRecord r) -> r.info().partition)
            .thenComparing(r -> r.state(config))
            .thenComparing(Comparator.comparingLong(SlurmRecord::priority).reversed())
            .thenComparingLong(r -> r.job().sequence())
            .thenComparing(r -> r.kind() != SlurmRecord.Kind.REMAINDER)
            .thenComparingLong(SlurmRecord::rawId)
            .thenComparingInt(r -> r.task().index());
    }
}
