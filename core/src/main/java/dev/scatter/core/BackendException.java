package dev.scatter.core;

/** The scheduler or the machine refused or failed (exit 3); the message carries the command and its output. */
public class BackendException extends ScatterException {
    public BackendException(String message) {
        super(message, ExitCode.BACKEND);
    }

    public BackendException(String message, Throwable cause) {
        super(message, ExitCode.BACKEND, cause);
    }
}
