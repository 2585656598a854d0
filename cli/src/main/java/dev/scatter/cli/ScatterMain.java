package dev.scatter.cli;

import dev.scatter.core.io.Json;
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
        if (ScatterCommand.commandsFor(args).size() == 1) {
            warmUp();
        }
        return CliSetup.configure(new CommandLine(new ScatterCommand()), args).execute(args);
    }

    /**
     * Jackson made ready on a second thread while picocli builds the command's model on this one
     * (0.1 s): a command that reads a run reads its JSON first, and Jackson's first use costs 40 ms
     * (its date formats load the time zone and locale data; bench/startup, issue 17). This thread
     * waits for it only if it gets there first. Not for {@code --version} and the commands that
     * speak of all the others (help, man, completion), which read no run.
     */
    private static void warmUp() {
        Thread thread = new Thread(Json::object, "scatter-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
