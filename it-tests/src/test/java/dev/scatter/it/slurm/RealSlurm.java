package dev.scatter.it.slurm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs the real SLURM container ({@link SlurmContainer}). Tagged
 * {@code real-slurm} (select or exclude with {@code -Dgroups} / {@code -DexcludedGroups}), and
 * gated by {@link SlurmContainerGate}: skipped when Docker or the image is missing, failed instead
 * when {@code CI} or {@code SCATTER_REQUIRE_DOCKER=1} is set.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("real-slurm")
@ExtendWith(SlurmContainerGate.class)
public @interface RealSlurm {
}
