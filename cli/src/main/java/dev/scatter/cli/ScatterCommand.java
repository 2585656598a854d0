package dev.scatter.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** {@code scatter}: one program, many inputs, as job arrays on SLURM, PBS or this machine. */
@TopCommand
@Command(name = "scatter", mixinStandardHelpOptions = true, versionProvider = ScatterCommand.Version.class,
        description = {"Run one command over many inputs as job arrays on SLURM, PBS or this machine.", ""},
        subcommands = {RunCommand.class, StatusCommand.class, WatchCommand.class, LogsCommand.class, GatherCommand.class,
                RetryCommand.class, CancelCommand.class, ResumeCommand.class, ThenCommand.class, RunsCommand.class,
                SimCommand.class, DoctorCommand.class},
        footer = {"", "Exit codes: 0 success, 1 some entries failed, 2 usage or input error, 3 scheduler error, 4 internal error."})
public class ScatterCommand {

    /** The version Quarkus took from the pom. */
    public static class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"scatter " + ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.application.version", String.class).orElse("dev")};
        }
    }
}
