package dev.scatter.core.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A file in the run directory saying which process is working on the run (the local executor,
 * the process holding a simulated cluster): its pid and start time, so a reused pid is not
 * mistaken for it.
 */
public final class ProcessMarker {

    private ProcessMarker() {
    }

    public static void write(Path file, ObjectNode extra) {
        ProcessHandle self = ProcessHandle.current();
        ObjectNode o = extra.deepCopy();
        o.put("pid", self.pid());
        o.put("started", self.info().startInstant().map(Object::toString).orElse(""));
        Json.write(file, o);
    }

    /** True when the file names a live process that started when the file says. */
    public static boolean isAlive(Path file) {
        return alive(file).isPresent();
    }

    /** The file's contents, when it names a live process that started when the file says; else empty. */
    public static Optional<ObjectNode> alive(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        ObjectNode o;
        try {
            o = Json.read(file);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Optional<ProcessHandle> p = ProcessHandle.of(o.path("pid").asLong());
        boolean alive = p.isPresent() && p.get().isAlive()
                && p.get().info().startInstant().map(Object::toString).orElse("").equals(o.path("started").asText());
        return alive ? Optional.of(o) : Optional.empty();
    }

    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale file is recognised by its dead pid
        }
    }
}
