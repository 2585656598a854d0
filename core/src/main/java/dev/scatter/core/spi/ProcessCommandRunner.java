package dev.scatter.core.spi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs commands as local child processes: the runner for a real cluster's login node. */
public final class ProcessCommandRunner implements CommandRunner {

    @Override
    public CommandResult run(Command command, Duration timeout) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command.argv()).directory(command.workingDir().toFile());
        pb.environment().putAll(command.environment());
        if (command.stdin() == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process = pb.start();
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        if (command.stdin() != null) {
            try (OutputStream in = process.getOutputStream()) {
                in.write(command.stdin().getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedEarly) {
                // the program did not read all of its input; its exit status tells the rest
            }
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new CommandTimeoutException(command, timeout);
        }
        try {
            return new CommandResult(command, process.exitValue(),
                    new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        }
    }

    /** True when {@code program} is an executable on this process's PATH (how {@code --backend auto} picks a scheduler). */
    public static boolean onPath(String program) {
        return which(program).isPresent();
    }

    /** Where {@code program} is on this process's PATH, as the shell would find it: the first executable of that name. */
    public static Optional<Path> which(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * A child's output read to its end, on a thread of its own per stream (the common pool may
     * have a single thread on a small machine): also how {@code SshShell} reads ssh's stderr.
     */
    public static CompletableFuture<byte[]> drain(InputStream stream) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                stream.transferTo(buffer);
                result.complete(buffer.toByteArray());
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        }, "scatter-drain");
        reader.setDaemon(true);
        reader.start();
        return result;
    }
}
