package dev.scatter.sim;

import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.spi.CommandRunner;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link CommandRunner} that answers scheduler commands from a {@link Simulator} in-process: no
 * process per command (only job scripts run as processes). {@code command.workingDir()} is the
 * submit directory; the job environment is this process's environment plus
 * {@code command.environment()}, as SLURM exports the submitter's environment by default.
 */
public final class SimulatedCommandRunner implements CommandRunner {

    private final Simulator simulator;

    public SimulatedCommandRunner(Simulator simulator) {
        this.simulator = simulator;
    }

    @Override
    public CommandResult run(Command command, Duration timeout) throws IOException {
        Invocation invocation = new Invocation(command.argv(), command.workingDir(), environment(command),
                command.stdin() == null ? "" : command.stdin());
        if (!simulator.answers(invocation.program())) {
            // what ProcessBuilder says for a program that is not on PATH
            throw new IOException("Cannot run program \"" + command.program() + "\": error=2, No such file or directory");
        }
        try {
            Reply reply = simulator.run(invocation, timeout);
            return new CommandResult(command, reply.exitCode(), reply.stdout(), reply.stderr());
        } catch (Simulator.ResponseTimeout e) {
            throw new CommandTimeoutException(command, timeout);
        }
    }

    private static Map<String, String> environment(Command command) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(command.environment());
        return env;
    }
}
