package dev.scatter.cli;

import dev.scatter.core.BackendException;
import dev.scatter.core.ledger.RunDir;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code scatter resume RUN} as a background process that outlives the terminal
 * ({@code setsid}, output to the run's {@code executor.log}): how {@code --detach} keeps a local run
 * going after the user logs out.
 */
final class Detached {

    private Detached() {
    }

    /** Returns once the background executor has taken the run (or has ended), so a watch right after sees it. */
    private static void awaitExecutor(RunDir run, Process p) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (p.isAlive() && !java.nio.file.Files.exists(run.executorFile()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static long resume(RunDir run) {
        List<String> argv = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute() || new File("/bin/setsid").canExecute()) {
            argv.add("setsid");
        }
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.add("-XX:TieredStopAtLevel=1");
        argv.add("-XX:+UseSerialGC");
        String classpath = System.getProperty("java.class.path", "");
        if (!classpath.endsWith(".jar") || classpath.contains(File.pathSeparator)) {
            throw new BackendException("--detach needs the packaged scatter (./scatter), not a development classpath");
        }
        argv.add("-jar");
        argv.add(classpath);
        argv.add("resume");
        argv.add(run.root().toString());
        File log = run.root().resolve("executor.log").toFile();
        try {
            Process p = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                    .redirectErrorStream(true)
                    .start();
            awaitExecutor(run, p);
            return p.pid();
        } catch (IOException e) {
            throw new BackendException("cannot start the background executor (" + String.join(" ", argv) + "): "
                    + e.getMessage(), e);
        }
    }
}
