package dev.scatter.core.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * One finding of {@code scatter doctor}: what was looked at ({@code topic}: "version", "disk"),
 * how it stands, what was found, and for a warning or a failure what to do about it.
 *
 * @param topic a short word or two, the same for the same thing on every machine
 * @param level OK, WARN (scatter works, with a caveat) or FAIL (scatter will not work so)
 * @param text  what was found; may hold several lines (a failed command's aligned block)
 * @param fix   what to do, for WARN and FAIL (always present then); empty for OK
 */
public record Check(String topic, Level level, String text, Optional<String> fix) {

    public enum Level { OK, WARN, FAIL }

    public Check {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(text, "text");
        if (level != Level.OK && fix.isEmpty()) {
            throw new IllegalArgumentException(level + " " + topic + " needs a fix: " + text);
        }
    }

    public static Check ok(String topic, String text) {
        return new Check(topic, Level.OK, text, Optional.empty());
    }

    public static Check warn(String topic, String text, String fix) {
        return new Check(topic, Level.WARN, text, Optional.of(fix));
    }

    public static Check fail(String topic, String text, String fix) {
        return new Check(topic, Level.FAIL, text, Optional.of(fix));
    }
}
