package dev.scatter.sim.queue;

import java.util.List;

/**
 * A submission as the queue sees it, built by a dialect after it parsed and validated argv.
 *
 * @param name       job name
 * @param user       owner
 * @param request    what each task asks for
 * @param indices    array indices in submission order, or {@code null} for a plain job
 * @param throttle   {@code %N}: at most N tasks run at once; 0 = no limit
 * @param held       submitted held
 * @param dependency dependency on earlier jobs, or {@code null}
 * @param runtime    the dialect's launcher for this job
 * @param info       the dialect's own description of the job (what it prints)
 */
public record JobSpec(String name, String user, ResourceRequest request, List<Integer> indices, int throttle,
                      boolean held, Dependency dependency, JobRuntime runtime, Object info) {

    public JobSpec {
        indices = indices == null ? null : List.copyOf(indices);
    }
}
