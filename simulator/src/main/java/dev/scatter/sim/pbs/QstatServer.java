package dev.scatter.sim.pbs;

import dev.scatter.sim.Reply;
import dev.scatter.sim.SimConfig;
import dev.scatter.sim.dialect.Getopt;
import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * qstat's summaries of the server ({@code -B}) and the queue ({@code -Q}): job counts by state
 * next to the fixture server's settings. Called under the cluster's lock.
 */
final class QstatServer {

    private final PbsDialect dialect;
    private final SimCluster cluster;
    private final SimConfig config;

    QstatServer(PbsDialect dialect) {
        this.dialect = dialect;
        this.cluster = dialect.cluster();
        this.config = dialect.config();
    }

    /** {@code qstat -B [-f [-F json]]} (qstat_B, qstat_Bf_json; nohist_qstat_Bf_json without history). */
    Reply server(Getopt.Result args) {
        int total = 0;
        int queued = 0;
        int running = 0;
        int held = 0;
        int begun = 0;
        for (SimJob job : cluster.jobs()) {
            if (job.allFinished()) {
                continue;
            }
            total++;
            String s = job.isArray() ? dialect.parentStateLetter(job) : dialect.stateLetter(job.tasks().get(0));
            switch (s) {
                case "Q" -> queued++;
                case "R" -> running++;
                case "H" -> held++;
                case "B" -> begun++;
                default -> { }
            }
        }
        String stateCount = "Transit:0 Queued:" + queued + " Held:" + held + " Waiting:0 Running:" + running
                + " Exiting:0 Begun:" + begun + " ";
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("server_state", "Active");
        attrs.put("server_host", dialect.server());
        attrs.put("scheduling", "True");
        attrs.put("total_jobs", total);
        attrs.put("state_count", stateCount);
        attrs.put("default_queue", config.pbsQueue());
        attrs.put("log_events", 511);
        attrs.put("mailer", "/bin/true");
        attrs.put("mail_from", "adm");
        attrs.put("query_other_jobs", "True");
        attrs.put("resources_default", new LinkedHashMap<>(Map.of("ncpus", 1)));
        attrs.put("default_chunk", new LinkedHashMap<>(Map.of("ncpus", 1)));
        attrs.put("scheduler_iteration", 10);
        attrs.put("resv_enable", "True");
        attrs.put("node_fail_requeue", 310);
        attrs.put("max_array_size", config.effectiveMaxArraySize());
        attrs.put("pbs_license_min", 0);
        attrs.put("pbs_license_max", 2147483647);
        attrs.put("pbs_license_linger_time", 31536000);
        attrs.put("license_count", "Avail_Global:1000000 Avail_Local:1000000 Used:0 High_Use:0");
        attrs.put("pbs_version", PbsDialect.PBS_VERSION);
        attrs.put("eligible_time_enable", "False");
        if (dialect.keepsHistory()) {
            // the key is absent when history is off (trap PBS 5, nohist_qstat_Bf_json)
            attrs.put("job_history_enable", "True");
        }
        attrs.put("max_concurrent_provision", 5);
        attrs.put("max_job_sequence_id", 9999999);
        if (args.has("f")) {
            if ("json".equals(args.last("F"))) {
                Map<String, Object> server = new LinkedHashMap<>();
                server.put(dialect.server(), attrs);
                return Reply.ok(PbsJson.documentWith(cluster.clock().now().getEpochSecond(), dialect.server(), "Server", server));
            }
            StringBuilder sb = new StringBuilder("Server: ").append(dialect.server()).append('\n');
            sb.append(PbsText.job("", attrs).substring("Job Id: \n".length()));
            return Reply.ok(sb.toString());
        }
        return Reply.ok("Server             Max   Tot   Que   Run   Hld   Wat   Trn   Ext Status\n"
                + "---------------- ----- ----- ----- ----- ----- ----- ----- ----- -----------\n"
                + String.format("%-16s %5d %5d %5d %5d %5d %5d %5d %5d %-10s%n", dialect.server(), 0, total, queued,
                running + begun, held, 0, 0, 0, "Active"));
    }

    /** {@code qstat -Q}: the one execution queue (qstat_Q). */
    Reply queue() {
        int total = 0;
        int queued = 0;
        int running = 0;
        for (SimJob job : cluster.jobs()) {
            if (!job.allFinished()) {
                total++;
                if (job.anyStarted()) {
                    running++;
                } else {
                    queued++;
                }
            }
        }
        return Reply.ok("Queue              Max   Tot Ena Str   Que   Run   Hld   Wat   Trn   Ext Type\n"
                + "---------------- ----- ----- --- --- ----- ----- ----- ----- ----- ----- ----\n"
                + String.format("%-16s %5d %5d yes yes %5d %5d %5d %5d %5d %5d Exe*%n", config.pbsQueue(), 0, total,
                queued, running, 0, 0, 0, 0));
    }
}
