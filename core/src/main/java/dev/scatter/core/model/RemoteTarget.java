package dev.scatter.core.model;

import dev.scatter.core.UsageException;
import java.nio.file.Path;

/**
 * Where a run's jobs live when scatter runs away from the cluster ({@code --remote}): the SSH
 * destination that reaches the cluster's login node, and the directory there that holds the run's
 * ledger and is every entry's working directory.
 *
 * @param destination what {@code ssh} is given: {@code [USER@]HOST} or a {@code Host} of the user's {@code ~/.ssh/config}
 * @param dir         the remote directory, absolute (resolved on the cluster once, when the run is created)
 */
public record RemoteTarget(String destination, String dir) {

    /** Where scatter keeps a project's runs on a cluster when {@code --remote} names no directory. */
    public static final String DEFAULT_PARENT = "~/.scatter-remote";

    /**
     * {@code [USER@]HOST[:DIR]} as the user gave it to {@code --remote} (or the config's {@code remote}):
     * DIR as typed ({@code ~/…}, relative to the remote home, or absolute); without one,
     * {@code ~/.scatter-remote/PROJECT}. A host ssh would read as an option, or a directory with
     * a newline, is refused here: one line, exit 2.
     */
    public static RemoteTarget parse(String text, String project) {
        String t = text.strip();
        int colon = t.indexOf(':');
        String destination = colon < 0 ? t : t.substring(0, colon);
        String dir = colon < 0 ? "" : t.substring(colon + 1);
        String host = destination.substring(destination.indexOf('@') + 1);
        if (host.isEmpty() || destination.startsWith("-") || destination.chars().anyMatch(c -> c <= ' ')) {
            throw new UsageException("--remote '" + text + "': expected [USER@]HOST[:DIR], e.g. ana@login.hpc.edu"
                    + " or login.hpc.edu:/scratch/ana/proj (HOST as you give it to ssh)");
        }
        if (dir.contains("\n") || dir.contains("\0")) {
            throw new UsageException("--remote '" + text.replace("\n", "\\n")
                    + "': the directory has a newline in it; choose one without");
        }
        if (dir.isEmpty()) {
            dir = DEFAULT_PARENT + "/" + project;
        }
        return new RemoteTarget(destination, dir);
    }

    /** True once {@link #dir} is absolute: resolved on the cluster. */
    public boolean resolved() {
        return dir.startsWith("/");
    }

    /** {@link #dir} below the remote home ({@code ~/x} and {@code x} are {@code x}; {@code ~} is empty), when not {@link #resolved}. */
    public String inHome() {
        return dir.equals("~") ? "" : dir.startsWith("~/") ? dir.substring(2) : dir;
    }

    /** {@link #dir} resolved against the remote {@code home}: {@code ~} and relative paths are the home's. */
    public RemoteTarget resolvedIn(String home) {
        if (resolved()) {
            return this;
        }
        String rest = inHome();
        return new RemoteTarget(destination, rest.isEmpty() ? home : home.replaceAll("/+$", "") + "/" + rest);
    }

    /** Where run {@code id}'s ledger lives on the cluster: as here, under {@code .scatter/runs}. */
    public Path runRoot(String id) {
        return Path.of(dir, ".scatter", "runs", id);
    }

    /** As the user writes it: {@code HOST:DIR}. */
    @Override
    public String toString() {
        return destination + ":" + dir;
    }
}
