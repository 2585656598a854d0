package dev.scatter.core.run;

import dev.scatter.core.BackendException;
import dev.scatter.core.ledger.RunDir;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --detach}: {@code scatter resume RUN} in a background process that outlives the terminal
 * ({@code setsid}, output appended to the run's {@code executor.log}), started with this JVM and
 * the packaged CLI this process runs from.
 */
final class Background {

    /** How long to wait for the background executor to take the run, so a watch right after sees it. */
    private static final long TAKE_OVER_NANOS = 60_000_000_000L;

    private Background() {
    }

    /** Starts the background executor and returns its pid once it has taken the run (or has ended). */
    static long resume(RunDir run) {
        List<String> argv = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute() || new File("/bin/setsid").canExecute()) {
            argv.add("setsid");
        }
        argv.add(ProcessHandle.current().info().command().orElse("java"));
        argv.add("-XX:TieredStopAtLevel=1");
        argv.add("-XX:+UseSerialGC");
        // a heap that grows only as far as what it holds, as the launcher's (cli/src/dist/bin/scatter)
        argv.addAll(List.of("-Xms16m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30"));
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

    private static void awaitExecutor(RunDir run, Process p) {
        long deadline = System.nanoTime() + TAKE_OVER_NANOS;
        while (p.isAlive() && !Files.exists(run.executorFile()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
