package dev.scatter.cli;

import dev.scatter.core.UsageException;
import dev.scatter.core.spi.Backend;
import dev.scatter.local.LocalBackend;

/**
 * The backends this build knows, by name. Wired explicitly (no ServiceLoader) so a native image
 * needs no reflection configuration.
 */
final class Backends {

    private Backends() {
    }

    static Backend named(String name) {
        return switch (name) {
            case "local", "auto" -> new LocalBackend();
            default -> throw new UsageException("--backend " + name + " is not known: use local or auto");
        };
    }
}
