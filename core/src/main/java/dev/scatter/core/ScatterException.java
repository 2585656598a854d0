package dev.scatter.core;

/** An error scatter reports to the user with a message and a named exit code (no stack trace). */
public class ScatterException extends RuntimeException {
    private final ExitCode exitCode;

    public ScatterException(String message, ExitCode exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public ScatterException(String message, ExitCode exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
