package dev.scatter.slurm;

import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One captured SLURM 22.05.8 scenario from {@code src/test/resources/fixtures/slurm/<name>/}
 * (copied verbatim from shared/fixtures; its README says how they were captured).
 */
record SlurmFixture(String name, String cmd, String stdout, String stderr, int exit) {

    private static final Pattern FORMAT = Pattern.compile("-o '([^']*)'|-o (\\S+)");

    static SlurmFixture of(String name) {
        String base = "/fixtures/slurm/" + name + "/";
        return new SlurmFixture(name, read(base + "cmd").strip(), read(base + "stdout"), read(base + "stderr"),
                Integer.parseInt(read(base + "exit").strip()));
    }

    /** As a {@link CommandResult}, the way a runner would have returned it. */
    CommandResult result() {
        return new CommandResult(Command.of(Path.of("/home/slurmxuser/fx"), "sh", "-c", cmd), exit, stdout, stderr);
    }

    /** The {@code -o} format the command asked for ({@code \|} unescaped). */
    String format() {
        Matcher m = FORMAT.matcher(cmd);
        if (!m.find()) {
            throw new IllegalStateException(name + " has no -o format: " + cmd);
        }
        return (m.group(1) != null ? m.group(1) : m.group(2)).replace("\\|", "|");
    }

    private static String read(String resource) {
        try (InputStream in = SlurmFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
