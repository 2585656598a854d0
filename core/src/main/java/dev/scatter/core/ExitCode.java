package dev.scatter.core;

/** Every exit code scatter uses, named once. */
public enum ExitCode {
    /** Everything asked for succeeded. */
    OK(0),
    /** Some entries failed (or are missing, for gather; a check failed, for doctor). */
    ENTRIES_FAILED(1),
    /** Usage or input error; nothing was written or submitted. */
    USAGE(2),
    /** The scheduler, backend or machine failed (no space left on device, among others). */
    BACKEND(3),
    /** A bug in scatter. */
    INTERNAL(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
