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
 * (e.g. program not found), {@link CommandTimeoutException} when it exceeded {@code timeout}, and
 * {@link ConnectionLostException} when the connection to where it runs failed.
 */
public interface CommandRunner {

    CommandResult run(Command command, Duration timeout) throws IOException, InterruptedException;

    default CommandResult run(Command command) throws IOException, InterruptedException {
        return run(command, Duration.ofMinutes(2));
    }

    /**
     * The way to the machine that runs the command failed (an SSH connection that could not be
     * made or dropped): the command may or may not have run. Callers treat it as they treat a
     * timeout, and look before they do anything twice.
     */
    class ConnectionLostException extends IOException {
        public ConnectionLostException(String message) {
            super(message);
        }
    }

    /** The command did not finish in time; it was killed. */
    final class CommandTimeoutException extends IOException {
        public CommandTimeoutException(Command command, Duration timeout) {
            super("timed out after " + timeout.toSeconds() + " s: " + command.display());
        }
    }
}
