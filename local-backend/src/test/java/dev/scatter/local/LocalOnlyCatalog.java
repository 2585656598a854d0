package dev.scatter.local;

import dev.scatter.core.UsageException;
import dev.scatter.core.spi.Backend;
import dev.scatter.core.spi.BackendCatalog;

/** The catalog of the tests that drive core's {@code Runs} on this machine: every name opens the local backend. */
final class LocalOnlyCatalog implements BackendCatalog {

    @Override
    public Backend open(String name) {
        return new LocalBackend();
    }

    @Override
    public Backend simulated(String name) {
        throw new UsageException("no simulator here");
    }
}
