package dev.scatter.sim.slurm;

import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.dialect.Getopt;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimNode;
import java.util.List;

import static dev.scatter.sim.dialect.Getopt.longOpt;
import static dev.scatter.sim.dialect.Getopt.opt;

/**
 * {@code sinfo}: the default table (fixture {@code sinfo}: one partition, its nodes' state) and
 * {@code -o} with {@code %P %a %l %D %t %T %N %C} (cpus "allocated/idle/other/total", how clients
 * learn a partition's size), {@code -h}, {@code -p}. One row for the simulated partition.
 */
final class Sinfo {

    private static final Getopt OPTIONS = new Getopt(false,
            opt('h', "noheader", false), opt('o', "format", true), opt('p', "partition", true), opt('N', "Node", false),
            opt('V', "version", false), longOpt("help", false));

    private final SimCluster cluster;

    Sinfo(SimCluster cluster) {
        this.cluster = cluster;
    }

    Reply run(Invocation inv) {
        SlurmCommandLine commandLine = SlurmCommandLine.parse("sinfo", OPTIONS, inv.args(), 1);
        if (commandLine.reply() != null) {
            return commandLine.reply();
        }
        Getopt.Result args = commandLine.args();
        String partition = cluster.config().partition();
        if (args.has("partition") && !args.last("partition").equals(partition)) {
            return Reply.ok("");   // sinfo prints nothing for a partition it does not know
        }
        List<SimNode> nodes = cluster.nodes();
        int total = nodes.stream().mapToInt(SimNode::cpus).sum();
        int allocated = nodes.stream().filter(SimNode::isUp).mapToInt(SimNode::allocatedCpus).sum();
        int other = nodes.stream().filter(n -> !n.isUp()).mapToInt(SimNode::cpus).sum();
        String state = other == total ? "down" : allocated == 0 ? "idle" : allocated >= total - other ? "alloc" : "mix";
        String nodeList = nodes.size() == 1 ? nodes.get(0).name()
                : nodes.get(0).name().replaceAll("\\d+$", "") + "[1-" + nodes.size() + "]";
        StringBuilder out = new StringBuilder();
        if (!args.has("format")) {
            if (!args.has("noheader")) {
                out.append("PARTITION AVAIL  TIMELIMIT  NODES  STATE NODELIST\n");
            }
            out.append(String.format("%-9s %5s %10s %6d %6s %s%n", partition + "*", "up", "1-00:00:00", nodes.size(), state, nodeList));
            return Reply.ok(out.toString());
        }
        String format = args.last("format");
        String row = format.replace("%P", partition + "*").replace("%a", "up").replace("%l", "1-00:00:00")
                .replace("%D", Integer.toString(nodes.size())).replace("%t", state).replace("%T", state)
                .replace("%N", nodeList)
                .replace("%C", allocated + "/" + (total - allocated - other) + "/" + other + "/" + total);
        if (!args.has("noheader")) {
            out.append(format.replace("%P", "PARTITION").replace("%a", "AVAIL").replace("%l", "TIMELIMIT")
                    .replace("%D", "NODES").replace("%t", "STATE").replace("%T", "STATE").replace("%N", "NODELIST")
                    .replace("%C", "CPUS(A/I/O/T)")).append('\n');
        }
        return Reply.ok(out.append(row).append('\n').toString());
    }
}
