package dev.scatter.sim.queue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start one task's process, as a dialect decides it: the command, the directory, the
 * complete environment, and where stdout and stderr go (the same path merges them).
 */
public record LaunchPlan(List<String> argv, Path workingDir, Map<String, String> environment,
                         Path stdout, Path stderr, boolean append) {

    public LaunchPlan {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
    }
}
