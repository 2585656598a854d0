package dev.scatter.pbs;

import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One captured OpenPBS 23.06.06 scenario from {@code src/test/resources/fixtures/pbs/<name>/}
 * (copied verbatim from shared/fixtures; its README says how they were captured).
 */
record PbsFixture(String name, String cmd, String stdout, String stderr, int exit) {

    static PbsFixture of(String name) {
        String base = "/fixtures/pbs/" + name + "/";
        return new PbsFixture(name, read(base + "cmd").strip(), read(base + "stdout"), read(base + "stderr"),
                Integer.parseInt(read(base + "exit").strip()));
    }

    /** As a {@link CommandResult}, the way a runner would have returned it. */
    CommandResult result() {
        return new CommandResult(Command.of(Path.of("/home/pbsuser/fx"), "sh", "-c", cmd), exit, stdout, stderr);
    }

    /** The same answer with another standard output (a fixture edited to stage a case). */
    CommandResult withStdout(String text) {
        return new CommandResult(Command.of(Path.of("/home/pbsuser/fx"), "sh", "-c", cmd), exit, text, stderr);
    }

    private static String read(String resource) {
        try (InputStream in = PbsFixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
