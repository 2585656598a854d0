package dev.scatter.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.UsageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourceParsingTest {

    @ParameterizedTest(name = "--mem {0} is {1} MB")
    @CsvSource({"500M,500", "4G,4096", "4g,4096", "1.5G,1536", "100,100", "2048K,2", "1T,1048576", "8GB,8192", "512MiB,512"})
    void parsesSlurmMemorySizes(String text, long mb) {
        assertThat(MemorySize.parse(text, "--mem").megabytes()).isEqualTo(mb);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "4X", "-1G", "", "0", "G"})
    void rejectsWhatIsNotAMemorySize(String text) {
        assertThatThrownBy(() -> MemorySize.parse(text, "--mem")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--mem");
    }

    @ParameterizedTest(name = "--time {0} is {1} s")
    @CsvSource({"30,1800", "5:30,330", "01:02:03,3723", "2-12,216000", "1-02:03,93780", "1-00:00:01,86401",
            "90s,90", "30m,1800", "2h,7200", "1d,86400", "1.5h,5400"})
    void parsesSlurmTimeForms(String text, long seconds) {
        assertThat(TimeLimit.parse(text, "--time").seconds()).isEqualTo(seconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "1:2:3:4", "-5", "1-", "h", "99999999999999999999", "1:99999999999999999999"})
    void rejectsWhatIsNotATime(String text) {
        assertThatThrownBy(() -> TimeLimit.parse(text, "--time")).isInstanceOf(UsageException.class)
                .hasMessageContaining("not a time limit");
    }

    @ParameterizedTest(name = "--time {0} is {1} s: the leading field may be any size")
    @CsvSource({"90,5400", "90:00,5400", "100:00:00,360000", "59:59,3599", "23:59:59,86399", "1-23:59:59,172799",
            "30-0,2592000", "1-23:59,172740"})
    void takesAnyLeadingField(String text, long seconds) {
        assertThat(TimeLimit.parse(text, "--time").seconds()).isEqualTo(seconds);
    }

    @ParameterizedTest(name = "--time {0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "1:99:99    | 99 minutes",
            "1:60:00    | 60 minutes",
            "1:00:60    | 60 seconds",
            "10:60      | 60 seconds",
            "2-24       | 24 hours",
            "1-2:60     | 60 minutes",
            "1-0:0:75   | 75 seconds"})
    void refusesAFieldOutOfRangeAfterTheLeadingOne(String text, String field) {
        assertThatThrownBy(() -> TimeLimit.parse(text, "--time")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--time '" + text + "' is not a time limit: " + field);
    }

    @ParameterizedTest
    @CsvSource({"59,00:00:59", "3723,01:02:03", "93780,1-02:03:00"})
    void printsSlurmsForm(long seconds, String slurm) {
        assertThat(new TimeLimit(java.time.Duration.ofSeconds(seconds)).slurm()).isEqualTo(slurm);
    }
}
