package dev.scatter.core.run;

import dev.scatter.core.input.InputOptions;
import dev.scatter.core.resources.Resources;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@code scatter run} was asked, before any check.
 *
 * @param workdir     where the user runs scatter; entries run there
 * @param inputs      which entries
 * @param command     the command after {@code --}
 * @param resources   per task
 * @param chunk       entries per task, or {@link dev.scatter.core.plan.AutoChunk#AUTO}
 * @param name        {@code --name}, if given
 * @param threadGuard false with {@code --no-thread-guard}
 * @param runDir      {@code --run-dir}, if given
 * @param keepTmp     {@code --keep-tmp}
 * @param before      {@code --before COMMAND}
 * @param then        {@code --then COMMAND}
 * @param taskTime    {@code --task-time DURATION}
 */
public record RunRequest(Path workdir, InputOptions inputs, List<String> command, Resources resources, int chunk,
                         Optional<String> name, boolean threadGuard, Optional<Path> runDir, boolean keepTmp,
                         Optional<String> before, Optional<String> then,
                         Optional<dev.scatter.core.resources.TimeLimit> taskTime) {

    public RunRequest {
        command = List.copyOf(command);
    }

    public RunRequest withChunk(int n) {
        return new RunRequest(workdir, inputs, command, resources, n, name, threadGuard, runDir, keepTmp, before, then, taskTime);
    }
}
