package dev.scatter.cli;

import dev.scatter.core.doctor.Doctor;
import dev.scatter.core.remote.SshShell;
import dev.scatter.core.run.Runs;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** What every command starts from: the runs of the current directory, and where to print. */
final class Cli {

    private Cli() {
    }

    /** The runs of the directory scatter was started in, with this build's backends. */
    static Runs runs() {
        return new Runs(workdir(), new CliBackends(), Cli::ssh);
    }

    /**
     * {@code --remote}: the system's ssh to {@code destination}, asking for a password or code on
     * the terminal when there is one ({@link SshShell.Options#from}: SCATTER_SSH, SCATTER_SSH_CONFIG).
     */
    static SshShell ssh(String destination) {
        return new SshShell(destination, SshShell.Options.from(System.getenv(), System.console() != null));
    }

    /** {@code scatter doctor} in the directory scatter was started in, with this build's backends. */
    static Doctor doctor() {
        return new Doctor(workdir(), new CliBackends());
    }

    static Console console(CommandSpec spec) {
        return new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), workdir());
    }

    /** A console that keeps stdout for one machine-readable answer: everything it says goes to stderr. */
    static Console quietConsole(CommandSpec spec) {
        return new Console(spec.commandLine().getErr(), spec.commandLine().getErr(), workdir());
    }

    static Path workdir() {
        return Path.of("").toAbsolutePath();
    }
}
