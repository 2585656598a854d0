package dev.scatter.it.slurm;

import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.spi.CommandRunner;
import dev.scatter.core.spi.ProcessCommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs SLURM's commands as host processes through {@link SlurmContainer#writePathShims} shims:
 * ProcessBuilder looks a program up in this JVM's PATH, not the child's, so the shim is named by
 * its absolute path, and the child's PATH starts with the shims, as a CLI started that way would.
 */
final class ShimRunner implements CommandRunner {

    private final Path shims;
    private final ProcessCommandRunner processes = new ProcessCommandRunner();

    ShimRunner(Path shims) {
        this.shims = shims;
    }

    @Override
    public CommandResult run(Command command, Duration timeout) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(command.argv());
        Path shim = shims.resolve(command.program());
        if (Files.isExecutable(shim)) {
            argv.set(0, shim.toString());
        }
        Map<String, String> env = new HashMap<>(command.environment());
        env.put("PATH", shims + ":" + System.getenv("PATH"));
        CommandResult r = processes.run(new Command(argv, command.workingDir(), env, command.stdin()), timeout);
        return new CommandResult(command, r.exitCode(), r.stdout(), r.stderr());
    }
}
