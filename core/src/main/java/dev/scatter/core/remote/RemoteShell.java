package dev.scatter.core.remote;

import dev.scatter.core.spi.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * A shell on the cluster's login node: runs one {@code sh} command line there, with bytes in and
 * out. One call is one round trip; an SSH connection shared by every call of a process
 * ({@link SshShell}) carries them. Tests run the same lines in a local bash ({@code LocalShell}).
 */
public interface RemoteShell {

    /** How long a call that moves a ledger may take before it counts as a lost connection. */
    Duration TRANSFER_TIMEOUT = Duration.ofMinutes(30);

    /**
     * Runs {@code commandLine} (a POSIX shell command line, every word quoted by the caller) on the
     * other side; {@code stdin} writes its standard input (then it is closed), {@code stdout} reads
     * its standard output to the end.
     *
     * @return the command's exit status and standard error; a non-zero status is not an exception
     * @throws Unreachable when the other side could not be reached (ssh's own failure), or did not
     *                     answer within {@code timeout} (the command was stopped)
     */
    Exit exec(String commandLine, Stdin stdin, Stdout stdout, Duration timeout) throws IOException, InterruptedException;

    /** {@link #exec(String, Stdin, Stdout, Duration)} given time enough for a ledger's transfer. */
    default Exit exec(String commandLine, Stdin stdin, Stdout stdout) throws IOException, InterruptedException {
        return exec(commandLine, stdin, stdout, TRANSFER_TIMEOUT);
    }

    /** How many {@link #exec} calls this shell made: its round trips. */
    int roundTrips();

    /** Writes a command's standard input. */
    @FunctionalInterface
    interface Stdin {
        Stdin NONE = out -> { };

        void writeTo(OutputStream out) throws IOException;
    }

    /** Reads a command's standard output, to its end. */
    @FunctionalInterface
    interface Stdout {
        Stdout DISCARD = in -> in.transferTo(OutputStream.nullOutputStream());

        void readFrom(InputStream in) throws IOException;
    }

    /** A command's exit status and what it wrote to standard error. */
    record Exit(int code, String stderr) {
        public boolean ok() {
            return code == 0;
        }
    }

    /** The cluster could not be reached: ssh failed before the command ran. The message is one line for the user. */
    final class Unreachable extends CommandRunner.ConnectionLostException {
        public Unreachable(String message) {
            super(message);
        }
    }
}
