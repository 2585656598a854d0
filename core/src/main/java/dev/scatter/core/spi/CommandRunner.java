package dev.scatter.core.spi;

import java.io.IOException;
import java.time.Duration;

/**
 * Runs external commands for backends. The default runs local processes
 * ({@link ProcessCommandRunner}); the simulator answers in-process; tests may go through
 * {@code docker exec}. Swapping the runner is how one backend talks to a real cluster, a
 * simulated one, or a container without changing a line of the backend.
 *
 * <p>Contract: {@code run} returns for every exit status (a non-zero status is not an exception);
 * it throws {@link IOException} only when the command could not be started or its output not read
 * (e.g. program not found), and {@link CommandTimeoutException} when it exceeded {@code timeout}.
 */
public interface CommandRunner {

    CommandResult run(Command command, Duration timeout) throws IOException, InterruptedException;

    default CommandResult run(Command command) throws IOException, InterruptedException {
        return run(command, Duration.ofMinutes(2));
    }

    /** The command did not finish in time; it was killed. */
    final class CommandTimeoutException extends IOException {
        public CommandTimeoutException(Command command, Duration timeout) {
            super("timed out after " + timeout.toSeconds() + " s: " + command.display());
        }
    }
}
