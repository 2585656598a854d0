package dev.scatter.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scatter.core.UsageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code --remote [USER@]HOST[:DIR]}: what ssh is given, where the run goes there, and what is refused. */
class RemoteTargetTest {

    @Test
    void shouldDefaultTheDirectoryToTheProjectUnderScatterRemote() {
        assertThat(RemoteTarget.parse("ana@login.hpc.edu", "my proj"))
                .isEqualTo(new RemoteTarget("ana@login.hpc.edu", "~/.scatter-remote/my proj"));
    }

    @Test
    void shouldSplitTheDirectoryAtTheFirstColon() {
        assertThat(RemoteTarget.parse("hpc:/scratch/ana/a:b", "p")).isEqualTo(new RemoteTarget("hpc", "/scratch/ana/a:b"));
    }

    @Test
    void shouldResolveTildeAndRelativeDirectoriesInTheRemoteHome() {
        assertThat(RemoteTarget.parse("hpc:~/runs", "p").resolvedIn("/home/ana").dir()).isEqualTo("/home/ana/runs");
        assertThat(RemoteTarget.parse("hpc:runs", "p").resolvedIn("/home/ana/").dir()).isEqualTo("/home/ana/runs");
        assertThat(RemoteTarget.parse("hpc:~", "p").resolvedIn("/home/ana").dir()).isEqualTo("/home/ana");
        assertThat(RemoteTarget.parse("hpc:/abs", "p").resolvedIn("/home/ana").dir()).isEqualTo("/abs");
    }

    @Test
    void shouldKeepARunsLedgerUnderScatterRunsOfTheDirectory() {
        assertThat(new RemoteTarget("hpc", "/home/ana/p q").runRoot("12")).isEqualTo(Path.of("/home/ana/p q/.scatter/runs/12"));
    }

    @Test
    void shouldRefuseAHostSshWouldTakeForAnOption() {
        assertThatThrownBy(() -> RemoteTarget.parse("-oProxyCommand=touch /tmp/x", "p"))
                .isInstanceOf(UsageException.class).hasMessageContaining("expected [USER@]HOST[:DIR]");
        assertThatThrownBy(() -> RemoteTarget.parse(":/dir", "p")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> RemoteTarget.parse("ana@", "p")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> RemoteTarget.parse("a b", "p")).isInstanceOf(UsageException.class);
    }

    @Test
    void shouldRefuseADirectoryWithANewline() {
        assertThatThrownBy(() -> RemoteTarget.parse("hpc:/a\nb", "p"))
                .isInstanceOf(UsageException.class).hasMessageContaining("newline").hasMessageNotContaining("\n");
    }
}
