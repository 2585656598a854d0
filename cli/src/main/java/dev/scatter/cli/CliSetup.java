package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ScatterException;
import dev.scatter.core.StorageException;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.List;
import picocli.CommandLine;

/**
 * One place maps failures to exit codes and messages: a {@link ScatterException} prints its one
 * line and exits with its code; picocli's usage errors print one line and exit 2; an I/O error
 * that reached here is the machine's (exit 3); anything else is a bug (exit 4), with the stack
 * trace only when {@code SCATTER_DEBUG} is set. A usage error is always one line: a line break the
 * user typed into a value is shown as {@code \n}.
 */
@ApplicationScoped
public class CliSetup {

    /** The top command for Quarkus' picocli runner (the native image's entry, and the tests'). */
    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory, @CommandLineArguments String[] args) {
        return configure(factory.create(), args);
    }

    /**
     * {@code top} with the commands {@code args} needs (a start builds no more of the tree than it
     * uses), run's defaults from the config files, and the error handlers: what every entry point
     * starts from, Quarkus' ({@link #commandLine}) and the JVM launcher's ({@link ScatterMain}).
     */
    static CommandLine configure(CommandLine top, String[] args) {
        // read here, not in StartupTraining: a class that implements a picocli interface is not in the
        // JVM's start-up cache (picocli's class files are Java 5's), and each costs a read from the jar
        boolean training = Boolean.getBoolean(StartupTraining.PROPERTY);
        CommandLine cl = ScatterCommand.withCommands(top,
                training ? ScatterCommand.COMMANDS.values() : ScatterCommand.commandsFor(args));
        CommandLine run = cl.getSubcommands().get("run");
        if (run != null) {
            // everything after the command's first word belongs to the command: scatter run ... echo -n {}
            run.setStopAtPositional(true);
            // scatter run's defaults come from the site, user and project config files
            run.setDefaultValueProvider(new ConfigDefaults(Cli.workdir(), System.getenv()));
        }
        // after the commands are added: picocli passes these on to the subcommands it has then
        cl.setParameterExceptionHandler(FAILURES);
        cl.setExecutionExceptionHandler(FAILURES);
        if (training) {
            StartupTraining.install(cl);
        }
        return cl;
    }

    private static final Failures FAILURES = new Failures();

    /**
     * The handlers as a class, not method references: the JVM's start-up cache (AppCDS, JDK 17)
     * leaves out a Java 5 class that its dump had to link, and a lambda of a picocli interface (or one
     * that captures a picocli object) made it link picocli's CommandLine, 20 ms to read and verify
     * on every start (bench/startup, issue 17).
     */
    private static final class Failures implements CommandLine.IParameterExceptionHandler, CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            return usageError(e, args);
        }

        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
            return executionError(e, cmd, parsed);
        }
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        // a default value from a config file that is not valid: its own line, naming file and key
        if (e.getCause() instanceof ScatterException s) {
            return print(cmd.getErr(), s.getMessage(), s.exitCode());
        }
        String name = cmd.getCommandSpec().qualifiedName();
        return print(cmd.getErr(), problem(e) + " (see " + name + " --help)", ExitCode.USAGE);
    }

    /** picocli's message, with its "did you mean" suggestions on the same line. */
    private static String problem(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            List<String> suggestions = u.getSuggestions();
            boolean command = !first.startsWith("-") && !u.getCommandLine().getSubcommands().isEmpty();
            // the old form, entries after the run (scatter cancel 3 17): entries have their own option now
            if (!first.startsWith("-") && first.matches("[0-9,-]+") && u.getCommandLine().getCommandSpec().findOption("--entries") != null) {
                return "'" + first + "' after the run: entries go in --entries, e.g. "
                        + u.getCommandLine().getCommandSpec().qualifiedName() + " RUN --entries " + first;
            }
            String what = command ? "'" + first + "' is not a command" : e.getMessage().strip();
            return suggestions.isEmpty() ? what : what + " (did you mean " + String.join(" or ", suggestions) + "?)";
        }
        return e.getMessage().strip();
    }

    private static int print(PrintWriter err, String message, ExitCode code) {
        // a usage error is one line, whatever the user typed; a scheduler's error may quote its output
        err.println("scatter: " + (code == ExitCode.USAGE ? oneLine(message) : message));
        err.flush();
        return code.code();
    }

    /** Line breaks and other control characters (from values the user typed) shown, never printed. */
    static String oneLine(String message) {
        StringBuilder sb = new StringBuilder(message.length());
        String text = message.strip();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(Character.isISOControl(c) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return sb.toString();
    }

    private static int executionError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof ScatterException s) {
            return print(err, s.getMessage(), s.exitCode());
        }
        if (e instanceof UncheckedIOException io) {
            return print(err, io.getMessage(), ExitCode.BACKEND);
        }
        if (e instanceof IOException io) {
            return print(err, describe(io), ExitCode.BACKEND);
        }
        err.println("scatter: internal error: " + e + (debug() ? "" : " (set SCATTER_DEBUG=1 for the stack trace)"));
        if (debug()) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.INTERNAL.code();
    }

    /** "cannot use FILE: the system's reason" for Java's terse file exceptions (whose message is the bare path). */
    private static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return "cannot use " + f.getFile() + ": " + StorageException.reason(e) + ": check the path and try again";
        }
        return StorageException.reason(e);
    }

    private static boolean debug() {
        return System.getenv("SCATTER_DEBUG") != null;
    }
}
