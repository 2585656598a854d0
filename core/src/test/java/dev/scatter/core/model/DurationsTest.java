package dev.scatter.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "SLURM ''{0}'' = {1} s")
    @CsvSource({"30, 1800", "1:30, 90", "2:00:00, 7200", "1-0, 86400", "1-2:30, 95400", "1-02:03:04, 93784", "0:05, 5"})
    void readsEverySlurmTimeForm(String text, long seconds) {
        assertThat(Durations.slurmSeconds(text)).hasValue(seconds);
    }

    @ParameterizedTest(name = "not SLURM: ''{0}''")
    @ValueSource(strings = {"", "1h", "1:2:3:4", "-5", "1-", "UNLIMITED"})
    void refusesWhatSlurmWouldNotRead(String text) {
        assertThat(Durations.slurmSeconds(text)).isEmpty();
    }

    @ParameterizedTest(name = "PBS ''{0}'' = {1} s")
    @CsvSource({"45, 45", "1:30, 90", "336:00:00, 1209600"})
    void readsPbsWalltimesWithUnboundedHours(String text, long seconds) {
        assertThat(Durations.clockSeconds(text)).hasValue(seconds);
    }

    @ParameterizedTest(name = "{0} s = {1} / {2}")
    @CsvSource({"59, 00:00:59, 00:00:59", "3600, 01:00:00, 01:00:00", "93784, 26:03:04, 1-02:03:04", "1209600, 336:00:00, 14-00:00:00"})
    void writesPbsAndSlurmClocks(long seconds, String pbs, String slurm) {
        assertThat(Durations.hms(seconds)).isEqualTo(pbs);
        assertThat(Durations.slurm(seconds)).isEqualTo(slurm);
    }
}
