package dev.scatter.cli;

import java.util.Iterator;
import java.util.List;

/** The values {@code --backend} takes, for shell completion. */
final class BackendNames implements Iterable<String> {

    static final List<String> ALL = List.of("auto", "local", "slurm", "pbs", "pbs-pro", "torque");

    @Override
    public Iterator<String> iterator() {
        return ALL.iterator();
    }
}
