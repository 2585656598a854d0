package dev.scatter.cli;

import dev.scatter.core.ExitCode;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
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
 *
 * <p>The commands are not in {@code @Command(subcommands = …)}: picocli would then build the model of
 * all of them, by reflection over every field and method, before running any one: most of the start
 * of {@code scatter --version}. {@link CliSetup} adds the ones a command line needs
 * ({@link #commandsFor}); {@link #tree()} has them all.
 */
@TopCommand
@Command(name = "scatter", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, usageHelpAutoWidth = true,
        versionProvider = ScatterCommand.Version.class,
        description = {"Run one command over many inputs as job arrays on SLURM, PBS or this machine.", ""},
        footer = {"", "Exit codes: 0 success, 1 some entries failed, 2 usage or input error,",
                "3 scheduler or system error (e.g. no space left on device), 4 internal error."})
public class ScatterCommand implements Callable<Integer> {

    /**
     * Every command by its name (its {@code @Command(name)}: LazyCommandsTest holds them equal), in
     * the order {@code scatter --help} lists them. Written out, not read from the annotations: that
     * would parse 19 classes' annotations on every start.
     */
    static final Map<String, Class<?>> COMMANDS = commands("run", RunCommand.class, "status", StatusCommand.class,
            "watch", WatchCommand.class, "logs", LogsCommand.class, "gather", GatherCommand.class, "report", ReportCommand.class,
            "retry", RetryCommand.class,
            "cancel", CancelCommand.class, "resume", ResumeCommand.class, "then", ThenCommand.class, "runs", RunsCommand.class,
            "rm", RmCommand.class, "clean", CleanCommand.class, "config", ConfigCommand.class, "doctor", DoctorCommand.class,
            "sim", SimCommand.class, "completion", CompletionCommand.class, "man", ManCommand.class, "help", HelpCommand.class);

    static {
        // picocli registers a converter for every java.time and java.sql type it finds, by reflection
        // (and the java.time classes' initialisation): 40 ms of each start (bench/startup, issue 17).
        // No option of scatter has such a type. A user's own -Dpicocli.converters.excludes wins.
        if (System.getProperty("picocli.converters.excludes") == null) {
            System.setProperty("picocli.converters.excludes", "java\\.time\\..*|java\\.sql\\..*");
        }
    }

    /** Commands that read the others' models: help, man pages, completion, and config (run's defaults). */
    private static final Set<String> NEED_EVERY_COMMAND = Set.of("help", "man", "completion", "config");

    @Spec
    CommandSpec spec;

    /** {@code scatter} alone: the list of commands, as {@code scatter --help} prints it. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.OK.code();
    }

    /**
     * The commands a command line needs: none for {@code scatter --version}, only the named one for
     * {@code scatter status …}; every one otherwise (no command, {@code --help}, a mistyped name, whose
     * error suggests the nearest names, and the commands in {@link #NEED_EVERY_COMMAND}).
     */
    static Collection<Class<?>> commandsFor(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            return List.of();
        }
        if (args.length > 0 && COMMANDS.containsKey(args[0]) && !NEED_EVERY_COMMAND.contains(args[0])) {
            return List.of(COMMANDS.get(args[0]));
        }
        return COMMANDS.values();
    }

    /** {@code top} with these commands added, in {@link #COMMANDS}' order (made by top's factory: CDI beans in the app). */
    static CommandLine withCommands(CommandLine top, Collection<Class<?>> commands) {
        // a loop, not forEach(top::addSubcommand): see CliSetup.Failures
        for (Class<?> command : commands) {
            top.addSubcommand(command);
        }
        return top;
    }

    /** The whole command tree, as {@code scatter --help} shows it (for the tests). */
    static CommandLine tree() {
        return withCommands(new CommandLine(new ScatterCommand()), COMMANDS.values());
    }

    private static Map<String, Class<?>> commands(Object... nameThenClass) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            byName.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return Collections.unmodifiableMap(byName);
    }

    /** The version this build was made as, and the commit it was built from (both files made by the build). */
    public static class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"scatter " + properties("/dev/scatter/cli/version.properties").getProperty("version", "dev") + commit()};
        }

        static String commit() {
            Properties git = properties("/git.properties");
            String id = git.getProperty("git.commit.id.abbrev", "");
            if (id.isEmpty()) {
                return "";
            }
            return " (commit " + id + (Boolean.parseBoolean(git.getProperty("git.dirty")) ? ", with local changes" : "")
                    + ", " + git.getProperty("git.commit.time", "").replaceFirst("T.*", "") + ")";
        }

        /** A properties file of the class path; empty when it is missing or unreadable (a build without git). */
        private static Properties properties(String resource) {
            Properties properties = new Properties();
            try (InputStream in = Version.class.getResourceAsStream(resource)) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                // a version line without it
            }
            return properties;
        }
    }
}
