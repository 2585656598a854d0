package dev.scatter.sim;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One scheduler command as a user typed it: argv (argv[0] is the program), the directory it ran
 * in, its complete environment (what SLURM exports to a job), and its standard input
 * ({@code null} when not read yet: the server asks the client for it only when a command needs it).
 */
public record Invocation(List<String> argv, Path cwd, Map<String, String> environment, String stdin) {

    public Invocation {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty argv");
        }
    }

    /** The program's base name: {@code /usr/bin/sbatch} and {@code sbatch} are the same command. */
    public String program() {
        String p = argv.get(0);
        int slash = p.lastIndexOf('/');
        return slash >= 0 ? p.substring(slash + 1) : p;
    }

    /** The arguments after the program name. */
    public List<String> args() {
        return argv.subList(1, argv.size());
    }

    public Invocation withStdin(String input) {
        return new Invocation(argv, cwd, environment, input);
    }
}
