package dev.scatter.sim.server;

import dev.scatter.sim.Scheduler;

import java.nio.file.Path;

/**
 * Whether a server answers for a state directory.
 *
 * @param running   it answered a ping
 * @param port      its port (0 if not running)
 * @param pid       its process id (0 if unknown)
 * @param scheduler the dialect it speaks (null if not running)
 * @param binDir    the directory of its client scripts
 */
public record SimStatus(boolean running, int port, long pid, Scheduler scheduler, Path binDir) {
}
