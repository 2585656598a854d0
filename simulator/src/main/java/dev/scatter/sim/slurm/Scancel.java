package dev.scatter.sim.slurm;

import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.dialect.Getopt;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;
import dev.scatter.sim.queue.TaskState;

import java.util.ArrayList;
import java.util.List;

import static dev.scatter.sim.dialect.Getopt.longOpt;
import static dev.scatter.sim.dialect.Getopt.opt;

/**
 * {@code scancel}: silent whatever happens, unless -v (trap 4). A whole array: running tasks are
 * killed and the pending rest becomes one CANCELLED record; a pending task alone vanishes (trap 7).
 */
final class Scancel {

    private static final Getopt OPTIONS = new Getopt(false,
            opt('v', "verbose", false), opt('u', "user", true), opt('n', "name", true), longOpt("jobname", true),
            opt('t', "state", true), opt('p', "partition", true), opt('A', "account", true), opt('Q', "quiet", false),
            opt('b', "batch", false), opt('s', "signal", true), opt('f', "full", false), opt('H', "hurry", false),
            opt('M', "clusters", true), longOpt("me", false), opt('V', "version", false), longOpt("help", false));

    private final SimCluster cluster;
    private final SimConfig config;

    Scancel(SimCluster cluster) {
        this.cluster = cluster;
        this.config = cluster.config();
    }

    Reply run(Invocation inv) {
        SlurmCommandLine commandLine = SlurmCommandLine.parse("scancel", OPTIONS, inv.args(), 1);
        if (commandLine.reply() != null) {
            return commandLine.reply();
        }
        Getopt.Result args = commandLine.args();
        List<SlurmIds.Ref> refs = new ArrayList<>();
        for (String text : args.operands()) {
            for (String part : text.split(",")) {
                SlurmIds.Ref ref = SlurmIds.parse(part);
                if (ref == null) {
                    return Reply.error(1, "scancel: error: Invalid job id " + part + "\n");
                }
                refs.add(ref);
            }
        }
        boolean filters = args.has("user") || args.has("name") || args.has("jobname") || args.has("me")
                || args.has("state") || args.has("partition") || args.has("account");
        if (refs.isEmpty() && !filters) {
            return Reply.error(1, "scancel: error: No job identification provided\n");
        }
        boolean verbose = args.has("verbose");
        String by = Integer.toString(config.uid());
        StringBuilder err = new StringBuilder();
        synchronized (cluster) {
            List<SimJob> jobs = cluster.jobs();
            if (refs.isEmpty()) {
                for (SimJob j : jobs) {
                    if (matches(j, args) && !j.allFinished()) {
                        cluster.cancelJob(j, by);
                    }
                }
            }
            for (SlurmIds.Ref ref : refs) {
                String text = ref.indices() == null ? Long.toString(ref.id()) : ref.id() + "_" + ref.indices().get(0);
                if (verbose) {
                    err.append("scancel: Terminating job ").append(text).append('\n');
                }
                List<SimTask> tasks = SlurmIds.resolve(ref, jobs);
                boolean known = tasks.stream().anyMatch(SimTask::isListed);
                if (!known) {
                    if (verbose) {
                        err.append("scancel: error: Kill job error on job id ").append(text)
                                .append(": Invalid job id specified\n");
                    }
                    continue;
                }
                if (tasks.stream().allMatch(t -> t.state().isFinished())) {
                    if (verbose) {
                        err.append("scancel: error: Kill job error on job id ").append(text)
                                .append(": Job/step already completing or completed\n");
                    }
                    continue;
                }
                if (SlurmIds.wholeJob(ref, jobs)) {
                    cluster.cancelJob(tasks.get(0).job(), by);
                } else {
                    for (SimTask t : tasks) {
                        // a task cancelled alone while pending leaves no trace (trap 7)
                        cluster.cancel(t, by, t.state() == TaskState.PENDING && t.job().isArray());
                    }
                }
            }
        }
        return new Reply(0, "", err.toString());
    }

    private boolean matches(SimJob j, Getopt.Result args) {
        SlurmJobInfo info = j.info(SlurmJobInfo.class);
        String user = args.has("me") ? config.user() : args.last("user");
        String name = args.last("name") != null ? args.last("name") : args.last("jobname");
        return (user == null || user.equals(j.user()))
                && (name == null || List.of(name.split(",")).contains(info.name))
                && (args.last("partition") == null || args.last("partition").equals(info.partition))
                && (args.last("account") == null || args.last("account").equals(info.account));
    }
}
