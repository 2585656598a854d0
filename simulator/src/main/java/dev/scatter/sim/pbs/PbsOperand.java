package dev.scatter.sim.pbs;

import dev.scatter.sim.queue.SimCluster;
import dev.scatter.sim.queue.SimJob;
import dev.scatter.sim.queue.SimTask;

/**
 * One job operand of OpenPBS's qstat or qdel, looked up as both do: a malformed id is exit 1
 * ({@code illegally formed job identifier}), an id that names no listed job of its kind is exit
 * 153 ({@code Unknown Job Id}, trap PBS 12).
 *
 * @param display the id as messages print it (with the server name)
 * @param job     the job, or {@code null} when the lookup failed
 * @param error   the message line (without its newline) when it failed
 */
record PbsOperand(PbsIds.Ref ref, String display, SimJob job, String error, int exit) {

    static PbsOperand find(String program, String text, PbsDialect dialect) {
        PbsIds.Ref ref = PbsIds.parse(text);
        if (ref == null) {
            return new PbsOperand(null, text, null, program + ": illegally formed job identifier: " + text, 1);
        }
        String display = ref.display(dialect.server());
        SimJob job = listedJob(dialect.cluster(), ref);
        if (job == null) {
            return new PbsOperand(ref, display, null, program + ": Unknown Job Id " + display, 153);
        }
        return new PbsOperand(ref, display, job, null, 0);
    }

    /**
     * The job {@code ref} names while any of it is still listed; {@code 9} and {@code 9[]} are
     * different jobs to PBS. Called under the cluster's lock.
     */
    static SimJob listedJob(SimCluster cluster, PbsIds.Ref ref) {
        return cluster.job(ref.id()).filter(j -> j.isArray() == ref.array())
                .filter(j -> j.tasks().stream().anyMatch(SimTask::isListed)).orElse(null);
    }

    boolean failed() {
        return error != null;
    }
}
