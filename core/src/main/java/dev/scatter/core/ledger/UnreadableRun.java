package dev.scatter.core.ledger;

/** A complete run whose {@code spec.json} cannot be read (damaged, cut short, edited by hand), and why. */
public record UnreadableRun(RunDir run, String why) {

    public String id() {
        return run.root().getFileName().toString();
    }
}
