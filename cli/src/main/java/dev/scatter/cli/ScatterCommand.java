package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code scatter}: one program, many inputs, as job arrays on SLURM, PBS or this machine.
 *
 * <p>{@code scope = INHERIT} gives every command, at any depth, {@code -h/--help} and
 * {@code -V/--version} (picocli's standard help options), so an error's "see scatter run --help" works.
 */
@TopCommand
@Command(name = "scatter", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, usageHelpAutoWidth = true,
        versionProvider = ScatterCommand.Version.class,
        description = {"Run one command over many inputs as job arrays on SLURM, PBS or this machine.", ""},
        subcommands = {RunCommand.class, StatusCommand.class, WatchCommand.class, LogsCommand.class, GatherCommand.class,
                RetryCommand.class, CancelCommand.class, ResumeCommand.class, ThenCommand.class, RunsCommand.class,
                RmCommand.class, CleanCommand.class, ConfigCommand.class, DoctorCommand.class, SimCommand.class,
                CompletionCommand.class, ManCommand.class, HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 some entries failed, 2 usage or input error,",
                "3 scheduler or system error (e.g. no space left on device), 4 internal error."})
public class ScatterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** {@code scatter} alone: the list of commands, as {@code scatter --help} prints it. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.OK.code();
    }

    /** The version Quarkus took from the pom, and the commit it was built from (git.properties, made by the build). */
    public static class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class).orElse("dev");
            return new String[] {"scatter " + version + commit()};
        }

        static String commit() {
            Properties git = new Properties();
            try (InputStream in = Version.class.getResourceAsStream("/git.properties")) {
                if (in == null) {
                    return "";
                }
                git.load(in);
            } catch (IOException e) {
                return "";
            }
            String id = git.getProperty("git.commit.id.abbrev", "");
            if (id.isEmpty()) {
                return "";
            }
            return " (commit " + id + (Boolean.parseBoolean(git.getProperty("git.dirty")) ? ", with local changes" : "")
                    + ", " + git.getProperty("git.commit.time", "").replaceFirst("T.*", "") + ")";
        }
    }
}
