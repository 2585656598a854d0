package dev.scatter.core.run;

/** What {@code scatter cancel} did: entries cancelled, and entries that had already finished and keep their result. */
public record Cancelled(int cancelled, int alreadyFinished) {
}
