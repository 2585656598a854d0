package dev.scatter.sim.testing;

import dev.scatter.sim.dialect.ShellWords;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One captured scenario from {@code src/test/resources/fixtures/<scheduler>/<name>/}: the command
 * as typed, byte-exact stdout and stderr, and the exit status (see fixtures/README.md).
 */
public record Fixture(String scheduler, String name, String cmd, String stdout, String stderr, int exit) {

    public static Fixture slurm(String name) {
        return load("slurm", name);
    }

    public static Fixture pbs(String name) {
        return load("pbs", name);
    }

    static Fixture load(String scheduler, String name) {
        String base = "/fixtures/" + scheduler + "/" + name + "/";
        return new Fixture(scheduler, name, read(base + "cmd").strip(), read(base + "stdout"), read(base + "stderr"),
                Integer.parseInt(read(base + "exit").strip()));
    }

    /** The command's argv, without shell redirections ({@code < /dev/null}). */
    public List<String> argv() {
        List<String> words = ShellWords.split(cmd);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equals("<")) {
                i++;
                continue;
            }
            out.add(words.get(i));
        }
        return out;
    }

    private static String read(String resource) {
        try (InputStream in = Fixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
