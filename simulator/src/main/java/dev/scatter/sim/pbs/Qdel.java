package dev.scatter.sim.pbs;

import dev.scatter.sim.Invocation;
import dev.scatter.sim.Reply;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code qdel}: silent on success; 35 finished, 55 a subjob already finished while its array
 * lives, 153 unknown, 1 malformed (trap PBS 12). Deleting a whole array rewrites the history
 * of its finished subjobs (trap PBS 8).
 */
final class Qdel {

    private final PbsDialect dialect;
    private final SimCluster cluster;

    Qdel(PbsDialect dialect) {
        this.dialect = dialect;
        this.cluster = dialect.cluster();
    }

    Reply run(Invocation inv) {
        List<String> ids = new ArrayList<>();
        for (String a : inv.args()) {
            if (a.equals("--version")) {
                return Reply.ok(dialect.versionLine() + "\n");
            }
            if (!a.startsWith("-")) {
                ids.add(a);
            }
        }
        if (ids.isEmpty()) {
            return Reply.error(2, "usage: qdel [-W force|suppress_email=X] [-x] job_identifier...\n"
                    + "       qdel --version\n");
        }
        StringBuilder err = new StringBuilder();
        int exit = 0;
        String by = dialect.config().user() + "@" + dialect.server();
        synchronized (cluster) {
            for (String text : ids) {
                PbsOperand operand = PbsOperand.find("qdel", text, dialect);
                if (operand.failed()) {
                    err.append(operand.error()).append('\n');
                    exit = operand.exit();
                    continue;
                }
                PbsIds.Ref ref = operand.ref();
                String display = operand.display();
                SimJob job = operand.job();
                if (job.allFinished()) {
                    err.append(dialect.finishedMessage("qdel", display)).append('\n');
                    exit = 35;
                    continue;
                }
                PbsJobInfo info = job.info(PbsJobInfo.class);
                if (!job.isArray() || ref.indices() == null) {
                    info.deleteTime = cluster.clock().now();
                    for (SimTask t : job.tasks()) {
                        if (t.state().isFinished() && t.wasStarted()) {
                            info.rewritten.add(t.index());
                        }
                    }
                    cluster.cancelJob(job, by);
                    continue;
                }
                for (int i : ref.indices()) {
                    SimTask t = job.task(i);
                    if (t == null) {
                        err.append("qdel: Unknown Job Id ").append(display).append('\n');
                        exit = 153;
                    } else if (t.state().isFinished()) {
                        err.append("qdel: Request invalid for finished array subjob ").append(display).append('\n');
                        exit = 55;
                    } else {
                        cluster.cancel(t, by, false);
                    }
                }
            }
        }
        return new Reply(exit, "", err.toString());
    }
}
