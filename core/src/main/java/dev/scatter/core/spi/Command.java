package dev.scatter.core.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One external command to run: argv (never a shell string), the directory to run it in, extra
 * environment variables, and optional standard input.
 *
 * <p>Backends build these; a {@link CommandRunner} runs them. Nothing in a backend starts a process.
 */
public record Command(List<String> argv, Path workingDir, Map<String, String> environment, String stdin) {

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least a program name");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(workingDir, "workingDir");
    }

    public static Command of(Path workingDir, String... argv) {
        return new Command(List.of(argv), workingDir, Map.of(), null);
    }

    public static Command of(Path workingDir, List<String> argv) {
        return new Command(argv, workingDir, Map.of(), null);
    }

    public Command withEnvironment(Map<String, String> env) {
        return new Command(argv, workingDir, env, stdin);
    }

    public Command withStdin(String input) {
        return new Command(argv, workingDir, environment, input);
    }

    public String program() {
        return argv.get(0);
    }

    /** The command as a user would type it, for error messages. */
    public String display() {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(dev.scatter.core.io.ShellQuote.quote(a));
        }
        return sb.toString();
    }
}
