package dev.scatter.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scatter.core.model.MemorySize;
import dev.scatter.core.model.Resources;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ResourceAdviceTest {

    private static ResourceUsage usage(Resources asked, OptionalLong peak, OptionalDouble efficiency, OptionalDouble busiest) {
        return new ResourceUsage(10, 30, 40, 100, peak, peak, efficiency, busiest, asked, List.of(), "");
    }

    private static Resources asking(int cpus, String mem) {
        Resources r = new Resources(cpus, Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of());
        return mem == null ? r : r.withMemory(MemorySize.parse(mem, "--mem"));
    }

    @Test
    void saysWhatWasAskedWhatWasUsedAndWhatToAskNextTime() {
        ResourceAdvice a = new ResourceAdvice(usage(asking(1, "8G"), OptionalLong.of((long) (1.1 * (1L << 30))),
                OptionalDouble.of(0.93), OptionalDouble.of(0.99)));
        assertThat(a.memory()).hasValue("asked 8.0 GB, used at most 1.1 GB (14 %): next time --mem 1700M");
        assertThat(a.suggestedMemory()).hasValue("1700M");
        assertThat(a.cpu()).hasValue("CPU efficiency 93 % (CPU time ÷ (elapsed × 1 cpu))");
        assertThat(a.suggestedCpus()).isEmpty();
        assertThat(a.suggestedTime()).isEqualTo("00:03:00");   // 1.5 × the longest task's 100 s
    }

    @Test
    void withoutMemoryAskedItSaysTheClusterDefaultWasUsed() {
        ResourceAdvice a = new ResourceAdvice(usage(asking(1, null), OptionalLong.of(210L << 20), OptionalDouble.empty(),
                OptionalDouble.empty()));
        assertThat(a.memory()).hasValue("asked no --mem, used at most 210 MB: next time --mem 400M");
        assertThat(a.cpu()).isEmpty();
    }

    @Test
    void suggestsFewerCpusWhenTasksKeptFewerBusy() {
        ResourceAdvice a = new ResourceAdvice(usage(asking(8, "4G"), OptionalLong.empty(), OptionalDouble.of(0.2),
                OptionalDouble.of(1.7)));
        assertThat(a.cpu()).hasValue("CPU efficiency 20 % (CPU time ÷ (elapsed × 8 cpus)): next time -c 2");
        assertThat(a.memory()).isEmpty();
        assertThat(a.suggestedMemory()).isEmpty();
    }
}
