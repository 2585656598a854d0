package dev.scatter.core.ledger;

import dev.scatter.core.ExitCode;
import dev.scatter.core.ScatterException;

/** Another scatter process holds the run's lock (exit 3: try again when it is done). */
public class RunBusyException extends ScatterException {
    public RunBusyException(String message) {
        super(message, ExitCode.BACKEND);
    }
}
