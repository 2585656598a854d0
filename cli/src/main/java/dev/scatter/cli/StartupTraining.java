package dev.scatter.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.ParseResult;

/**
 * The launcher's training run for the JVM's start-up cache: one JVM that runs the commands users
 * start most, one after the other, so the cache it leaves at exit (AppCDS, {@code
 * -XX:ArchiveClassesAtExit}, or on JDK 25+ the AOT cache, {@code -XX:AOTCacheOutput}, JEP 514/515)
 * holds the classes of each of them, not of one only: a JVM writes one cache, of its own run.
 *
 * <p>Only the launcher asks for it ({@code -Dscatter.training=true}, in an empty temporary
 * directory: the training {@code run} writes its ledger there). Whatever the command line says, the
 * commands of {@link #COMMANDS} run instead, each as if typed; their output is the launcher's to drop.
 */
final class StartupTraining implements IExecutionStrategy {

    /**
     * What is trained: --version, and status, runs and gather on a run it makes (2 tasks of true). The
     * run is pinned to this machine: on a login node {@code auto} would submit it to the cluster.
     */
    static final List<List<String>> COMMANDS = List.of(List.of("--version"),
            List.of("run", "--backend", "local", "--range", "1..4", "--chunk", "2", "--", "true", "{}"), List.of("status"), List.of("runs"), List.of("gather"));

    private final CommandLine top;
    private final IExecutionStrategy usual;

    private StartupTraining(CommandLine top) {
        this.top = top;
        this.usual = top.getExecutionStrategy();
    }

    /** Set to true by the launcher's training start only. */
    static final String PROPERTY = "scatter.training";

    /** {@code top}, which must have every command, made to train when it executes. */
    static void install(CommandLine top) {
        top.setExecutionStrategy(new StartupTraining(top));
    }

    @Override
    public int execute(ParseResult ignored) {
        // each command below parses and runs as usual: top.execute comes back here no more
        top.setExecutionStrategy(usual);
        int worst = 0;
        for (List<String> args : COMMANDS) {
            worst = Math.max(worst, top.execute(args.toArray(String[]::new)));
        }
        return worst;
    }
}
