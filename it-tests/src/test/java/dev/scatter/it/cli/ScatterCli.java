package dev.scatter.it.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged {@code scatter} the way a user does: the repository's {@code ./scatter}
 * launcher, as a process, in a working directory of the test's.
 */
public final class ScatterCli {

    /** What one call printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workdir;
    private final Map<String, String> env;
    private final String umask;

    public ScatterCli(Path workdir) {
        this(workdir, Map.of());
    }

    public ScatterCli(Path workdir, Map<String, String> env) {
        this(workdir, env, null);
    }

    /**
     * With a umask for the CLI process, e.g. {@code 000} so that a cluster's jobs running as
     * another user (a container's slurmxuser) can write into the ledger the CLI creates.
     */
    public ScatterCli(Path workdir, Map<String, String> env, String umask) {
        this.workdir = workdir;
        this.env = env;
        this.umask = umask;
    }

    public static Path repository() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isRegularFile(here.resolve("scatter")) ? here : here.getParent();
    }

    /** {@code scatter status --json --all}, which must exit 0 (all succeeded) or 1 (not), as a JSON tree. */
    public JsonNode statusJson() {
        Result r = run("status", "--json", "--all");
        if (r.exitCode() != 0 && r.exitCode() != 1) {
            throw new AssertionError("status failed: " + r);
        }
        try {
            return JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new AssertionError("status printed no JSON: " + r, e);
        }
    }

    public Result run(String... args) {
        return runWithStdin(null, args);
    }

    /** Starts scatter in the background, output discarded, e.g. to kill it. */
    public Process start(String... args) {
        try {
            return builder(args).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start scatter " + String.join(" ", args), e);
        }
    }

    private ProcessBuilder builder(String... args) {
        List<String> argv = new ArrayList<>();
        if (umask != null) {
            argv.addAll(List.of("sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\""));
        }
        argv.add(repository().resolve("scatter").toString());
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workdir.toFile());
        // the machine's own config files (a developer's ~/.config/scatter) never change a test's run
        pb.environment().put("SCATTER_SITE_CONFIG", "/nonexistent/scatter-site.toml");
        pb.environment().put("XDG_CONFIG_HOME", "/nonexistent/xdg-config");
        pb.environment().putAll(env);
        pb.environment().remove("TERM");
        return pb;
    }

    public Result runWithStdin(String stdin, String... args) {
        ProcessBuilder pb = builder(args);
        List<String> argv = pb.command();
        try {
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("scatter " + String.join(" ", args) + " did not end in 10 minutes");
            }
            String stdout = out.join();
            return new Result(p.exitValue(), stdout, err.join());
        } catch (IOException e) {
            throw new AssertionError("cannot start " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<String> drain(java.io.InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        new Thread(() -> text.complete(read(in)), "scatter-cli-drain").start();
        return text;
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
