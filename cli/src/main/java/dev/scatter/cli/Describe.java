package dev.scatter.cli;

import dev.scatter.core.model.AttemptSpec;
import dev.scatter.core.model.Resources;

/** Short descriptions for what the CLI prints. */
final class Describe {

    private Describe() {
    }

    static String resources(AttemptSpec a) {
        Resources r = a.resources();
        StringBuilder sb = new StringBuilder("-c " + r.cpus());
        r.memory().ifPresent(m -> sb.append(" --mem ").append(m));
        r.time().ifPresent(t -> sb.append(" -t ").append(t.slurm()));
        if (r.gpus() > 0) {
            sb.append(" --gpus ").append(r.gpus());
        }
        sb.append(", ").append(a.taskCount()).append(a.taskCount() == 1 ? " task" : " tasks");
        return sb.toString();
    }
}
