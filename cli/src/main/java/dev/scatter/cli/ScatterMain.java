package dev.scatter.cli;

import dev.scatter.core.io.Json;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Collection;
import picocli.CommandLine;

/**
 * The JVM launcher's entry ({@code bin/scatter}): the same command line as Quarkus' runner, without
 * the Quarkus runtime.
 *
 * <p>Why: scatter's commands use none of what that runtime starts (CDI beans, SmallRye Config, the
 * JBoss log manager: every command is a picocli object that calls core), and starting it was 0.16 s
 * of the 0.40 s of {@code scatter --version} on the reference machine (bench/startup, issue 17).
 * The native image, built by Quarkus for users with GraalVM, keeps Quarkus' entry: there its start
 * costs nothing. Both go through {@link CliSetup#configure}, so they parse, run and fail alike
 * (EntryPointsAgreeTest).
 */
public final class ScatterMain {

    private ScatterMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** The exit code of {@code scatter args}, its output on this JVM's stdout and stderr. */
    static int run(String... args) {
        warmUp(ScatterCommand.commandsFor(args));
        return CliSetup.configure(new CommandLine(new ScatterCommand()), args).execute(args);
    }

    /**
     * A second thread does ahead what this one will need once picocli has set itself up (40 ms of
     * converters and specs before it reads the first annotation), so a start costs less than the
     * sum (bench/startup, issue 17):
     * <ul>
     *   <li>the annotations of the top command and of the one a command line names, which picocli
     *       reads by reflection: the JVM parses each once and makes a proxy class per annotation
     *       type (17 ms for the first);</li>
     *   <li>Jackson, for a single command: one that reads a run reads its JSON first, and Jackson's
     *       first use costs 45 ms (its date formats load the time zone and locale data). Not for
     *       {@code --version} or the commands that speak of all the others (help, man, completion).</li>
     * </ul>
     * Either thread does the work the other has not begun, so on one free core this is no slower.
     */
    private static void warmUp(Collection<Class<?>> commands) {
        Thread thread = new Thread(() -> {
            annotations(ScatterCommand.class);
            if (commands.size() == 1) {
                annotations(commands.iterator().next());
                Json.object();
            }
        }, "scatter-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** The annotations of a command, its fields and methods, and those of its mixins' classes. */
    private static void annotations(Class<?> command) {
        command.getAnnotations();
        for (Method method : command.getDeclaredMethods()) {
            method.getAnnotations();
        }
        for (Field field : command.getDeclaredFields()) {
            field.getAnnotations();
            if (field.isAnnotationPresent(CommandLine.Mixin.class)) {
                annotations(field.getType());
            }
        }
    }
}
