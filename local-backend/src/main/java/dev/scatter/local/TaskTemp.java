package dev.scatter.local;

import dev.scatter.core.ledger.RunDir;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** The private temporary directory the wrapper makes for a worker ({@code task.sh}'s {@code __sc_mktmp}). */
final class TaskTemp {

    private TaskTemp() {
    }

    static Path of(RunDir run, String stem, long pid) {
        String base = System.getenv().getOrDefault("TMPDIR", "/tmp");
        return Path.of(base.isEmpty() ? "/tmp" : base, "scatter-" + run.spec().id() + "-" + stem + "-" + pid);
    }

    /** Removes a killed worker's directory; a failure leaves litter in /tmp, not a wrong result. */
    static void remove(RunDir run, String stem, long pid) {
        Path dir = of(run, stem, pid);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // see above
        }
    }
}
