package dev.scatter.core.input;

import dev.scatter.core.UsageException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code A..B[:STEP]}, the one range form of {@code --range} and of {@code --param} values: from A
 * to B, both included when the step lands on B, counting up when B is above A and down when it is
 * below. STEP (default 1) is a size, never negative: the direction comes from A and B, so
 * {@code 10..1:3} is 10 7 4 1.
 *
 * <p>Numbers may have decimals and are counted exactly ({@link BigDecimal}, never binary floating
 * point: {@code 0.1..0.5:0.1} gives 0.3, not 0.30000000000000004), and every value is written with
 * the most decimals any of A, B and STEP was written with ({@code 0.10..0.30:0.05} gives 0.10 0.15 …;
 * {@code 1..10} gives integers).
 */
record NumberRange(BigDecimal from, BigDecimal to, BigDecimal step, int scale) {

    static final String FORM = "A..B[:STEP]";
    private static final String NUMBER = "-?\\d+(?:\\.\\d+)?";
    private static final Pattern RANGE = Pattern.compile("(" + NUMBER + ")\\.\\.(" + NUMBER + ")(?::(" + NUMBER + "))?");
    private static final long MAX_VALUES = 10_000_000;

    /**
     * Reads {@code text} as a range.
     *
     * @param what how to name the value in a message, e.g. {@code --range 1..x} or {@code --param k=1..x}
     */
    static NumberRange parse(String text, String what) {
        Matcher m = RANGE.matcher(text.strip());
        if (!m.matches()) {
            throw new UsageException(what + " is not a range: write " + FORM + " with numbers, e.g. 1..100, 0..1000:10"
                    + " or 0.1..0.5:0.1 (STEP, default 1, is a size; B below A counts down)");
        }
        BigDecimal from = new BigDecimal(m.group(1));
        BigDecimal to = new BigDecimal(m.group(2));
        String stepText = m.group(3) != null ? m.group(3) : "1";
        BigDecimal step = new BigDecimal(stepText);
        if (step.signum() < 0) {
            String size = stepText.substring(1);
            throw new UsageException(what + ": the step is a size, the direction comes from A and B: write "
                    + m.group(1) + ".." + m.group(2) + ":" + size + " or " + m.group(2) + ".." + m.group(1) + ":" + size);
        }
        if (step.signum() == 0) {
            throw new UsageException(what + " has a step of 0: write " + FORM + " with a STEP above 0, e.g. "
                    + m.group(1) + ".." + m.group(2) + ":1");
        }
        int scale = Math.max(0, Math.max(from.scale(), Math.max(to.scale(), m.group(3) != null ? step.scale() : 0)));
        NumberRange range = new NumberRange(from, to, step, scale);
        if (range.count().compareTo(BigDecimal.valueOf(MAX_VALUES)) > 0) {
            throw new UsageException(what + " has " + range.count().toPlainString() + " values, more than " + MAX_VALUES
                    + ": split it into several runs or use a larger step");
        }
        return range;
    }

    /** The values, as text, from A towards B. */
    List<String> values() {
        int count = count().intValueExact();
        BigDecimal signedStep = to.compareTo(from) < 0 ? step.negate() : step;
        List<String> values = new ArrayList<>(count);
        BigDecimal v = from;
        for (int i = 0; i < count; i++, v = v.add(signedStep)) {
            values.add(v.setScale(scale, RoundingMode.UNNECESSARY).toPlainString());
        }
        return values;
    }

    /** How many values: the whole steps from A that do not pass B, plus A itself. */
    private BigDecimal count() {
        return to.subtract(from).abs().divideToIntegralValue(step).add(BigDecimal.ONE);
    }
}
