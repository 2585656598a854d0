package dev.scatter.core;

/**
 * Bad input from the user: the message is one line naming the problem and the fix. Exit code 2;
 * thrown before anything is written or submitted.
 */
public class UsageException extends ScatterException {
    public UsageException(String message) {
        super(message, ExitCode.USAGE);
    }
}
