package dev.scatter.core.plan;

import dev.scatter.core.UsageException;
import dev.scatter.core.model.RemoteTarget;

/**
 * What {@code --remote} cannot do, refused before the cluster is contacted: one line, exit 2,
 * nothing written on either side.
 */
public final class RemoteRequestChecks {

    private RemoteRequestChecks() {
    }

    public static void check(RunRequest request) {
        RemoteTarget target = request.remote().orElseThrow();
        if (request.simulate() || request.backend().equals("local")) {
            throw new UsageException("--remote runs on a cluster's scheduler: drop " + (request.simulate() ? "--simulate"
                    : "--backend local") + ", or --remote to run here");
        }
        if (request.taskTime().isPresent()) {
            throw new UsageException("--task-time cannot be used with --remote yet: its sizing job runs scatter on the"
                    + " cluster, which --remote does not install; give --chunk instead");
        }
        if (request.inputs().glob().isPresent()) {
            throw new UsageException("--glob with --remote: the pattern matches files on this machine, which the tasks"
                    + " on " + target.destination() + " cannot read; list the files there in a file and give it to --inputs");
        }
    }
}
