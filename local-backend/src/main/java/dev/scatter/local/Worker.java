package dev.scatter.local;

import dev.scatter.core.StorageException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived {@code bash task.sh} in worker mode: it runs one task after another, so a task
 * costs a few writes to a pipe instead of a process start (the JVM's process spawn and bash's
 * start-up would cost more than a short entry).
 *
 * <p>The worker is the leader of its own process group ({@code setsid}), so a timeout or a cancel
 * kills everything the task started, and the terminal's Ctrl-C reaches only the executor, which
 * decides what to record.
 */
final class Worker implements AutoCloseable {

    private static final boolean HAVE_SETSID = new File("/usr/bin/setsid").canExecute() || new File("/bin/setsid").canExecute();

    private final Process process;
    private final OutputStream toWorker;
    private final BufferedReader fromWorker;
    private volatile long taskStartedNanos;
    private volatile int currentTask = -1;

    private Worker(Process process) {
        this.process = process;
        this.toWorker = process.getOutputStream();
        this.fromWorker = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static Worker start(Path script, Path log, Map<String, String> env) throws IOException {
        // env carries SCATTER_SLOT and SCATTER_GENERATION: the worker's files are tasks/wSLOT-GENERATION.*
        List<String> argv = new ArrayList<>();
        if (HAVE_SETSID) {
            argv.add("setsid");
        }
        argv.add("bash");
        argv.add(script.toString());
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        pb.environment().put("SCATTER_WORKER", "1");
        Files.createDirectories(log.getParent());
        return new Worker(pb.start());
    }

    /** What the worker reported for a finished task. */
    record Done(int succeeded, int failed) {
    }

    /**
     * Runs one task: sends its records and waits for the worker's "done".
     *
     * @return the counts, or null when the worker died first (killed or crashed)
     * @throws StorageException when the worker could not write a record or marker (no space left
     *                          on device): it said "W FILE" after bash's own error line, and exits 94
     */
    Done run(int task, List<byte[]> records) throws IOException {
        currentTask = task;
        taskStartedNanos = System.nanoTime();
        try {
            toWorker.write((task + "\0").getBytes(StandardCharsets.US_ASCII));
            for (byte[] r : records) {
                toWorker.write(r);
            }
            toWorker.write(0);
            toWorker.flush();
        } catch (IOException workerGone) {
            return null;
        }
        String expected = "D " + task + " ";
        String line;
        String before = "";
        while ((line = fromWorker.readLine()) != null) {
            if (line.startsWith(expected)) {
                currentTask = -1;
                String[] f = line.split(" ");
                return new Done(Integer.parseInt(f[2]), Integer.parseInt(f[3]));
            }
            if (line.startsWith("W ")) {
                currentTask = -1;
                throw new StorageException(line.substring(2), reason(before), "");
            }
            before = line;
        }
        return null;
    }

    /** The system's words at the end of bash's "task.sh: line 63: printf: write error: No space left on device". */
    private static String reason(String bashError) {
        int colon = bashError.lastIndexOf(": ");
        return bashError.contains("error") && colon >= 0 ? bashError.substring(colon + 2).strip()
                : "the wrapper's write failed";
    }

    int currentTask() {
        return currentTask;
    }

    /** How long the current task has run, in nanoseconds; 0 when idle. */
    long runningNanos() {
        return currentTask < 0 ? 0 : System.nanoTime() - taskStartedNanos;
    }

    long pid() {
        return process.pid();
    }

    int exitStatus() throws InterruptedException {
        process.waitFor(5, TimeUnit.SECONDS);
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Kills the worker and everything its task started. */
    void kill() {
        List<ProcessHandle> tree = process.descendants().toList();
        if (HAVE_SETSID) {
            try {
                // the whole process group, including what double-forked away from the tree
                new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (IOException | InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    /** Ends the worker after its current task: it exits when its input closes. */
    @Override
    public void close() {
        try {
            toWorker.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** Waits (briefly) for a closed worker to exit. */
    void awaitExit() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }
}
