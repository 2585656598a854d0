package dev.scatter.it.slurm;

import dev.scatter.core.spi.Command;
import dev.scatter.core.spi.CommandResult;
import dev.scatter.core.spi.ProcessCommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The host's OpenSSH client set up to log in to a {@link SlurmContainer} as a user would log in to
 * a cluster's login node: a fresh ed25519 key pair (made with the host's {@code ssh-keygen}),
 * authorized for {@value SlurmContainer#SUBMIT_USER}, and an ssh config file whose host alias
 * {@value #HOST_ALIAS} names the container's sshd. {@code ssh -F <configFile()> slurmx-remote CMD}
 * runs CMD there in a login of {@value SlurmContainer#SUBMIT_USER}, in its home
 * {@value SlurmContainer#SUBMIT_HOME}, with sbatch, squeue… on the PATH.
 *
 * <p>Everything lives in one temporary directory (mode 700): the key, its {@code .pub}, the config.
 * The config disables host key checks (each container makes new host keys) and any prompt
 * ({@code BatchMode}): a failure is an exit status 255, never a hang.
 *
 * <p>One per JVM, on {@link SlurmContainer#shared()}: {@link #shared()}. Call
 * {@link #assumeClientAvailable()} first in a test (or rely on {@code .ci/ensure-tools}, which
 * installs {@code openssh-client}).
 */
public final class SlurmSsh {

    /** The {@code Host} of the config file. */
    public static final String HOST_ALIAS = "slurmx-remote";
    /** How long {@link #ssh} waits for a command before it kills ssh. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private static SlurmSsh shared;

    private final SlurmContainer slurm;
    private final Path directory;
    private final Path identityFile;
    private final Path configFile;

    private SlurmSsh(SlurmContainer slurm, Path directory) {
        this.slurm = slurm;
        this.directory = directory;
        this.identityFile = directory.resolve("id_ed25519");
        this.configFile = directory.resolve("ssh_config");
    }

    /**
     * The one of this JVM: on {@link SlurmContainer#shared()} (started on first use), its files in a
     * temporary directory that is deleted when the JVM exits.
     */
    public static synchronized SlurmSsh shared() {
        if (shared == null) {
            SlurmContainer slurm = SlurmContainer.shared();
            Path dir = createPrivateTempDirectory();
            SlurmSsh ssh = create(slurm, dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir), "delete-slurm-ssh"));
            shared = ssh;
        }
        return shared;
    }

    /**
     * Sets up ssh to a started container: a key pair in {@code directory} (which should be private
     * to this user, as ssh wants), authorized in the container, and the config file.
     */
    public static SlurmSsh create(SlurmContainer slurm, Path directory) {
        missingClient().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        SlurmSsh ssh = new SlurmSsh(slurm, directory.toAbsolutePath().normalize());
        ssh.makeKeyPair();
        slurm.authorizeKey(ssh.publicKey());
        ssh.writeConfig();
        return ssh;
    }

    /**
     * Aborts the calling test (JUnit shows it skipped) when the host has no OpenSSH client, or
     * fails it on CI ({@code CI} or {@code SCATTER_REQUIRE_DOCKER=1}), where one must be there.
     */
    public static void assumeClientAvailable() {
        Optional<String> why = missingClient();
        if (why.isEmpty()) {
            return;
        }
        if (SlurmContainerGate.dockerRequired()) {
            throw new IllegalStateException(why.get());
        }
        Assumptions.abort(why.get());
    }

    /** The ssh config file: {@code ssh -F <this> } {@value #HOST_ALIAS} reaches the container. */
    public Path configFile() {
        return configFile;
    }

    /** {@value #HOST_ALIAS}: the {@code Host} of {@link #configFile()}. */
    public String hostAlias() {
        return HOST_ALIAS;
    }

    /** The user ssh logs in as, {@value SlurmContainer#SUBMIT_USER}. */
    public String user() {
        return SlurmContainer.SUBMIT_USER;
    }

    /** The remote user's home, where a login starts and where its jobs may write. */
    public String remoteHome() {
        return SlurmContainer.SUBMIT_HOME;
    }

    /** The private key ({@code IdentityFile}); its public half is {@code <this>.pub}. */
    public Path identityFile() {
        return identityFile;
    }

    /** The host port the container's sshd is published on (the config's {@code Port}). */
    public int port() {
        return slurm.getSshPort();
    }

    /** {@code ssh -F <configFile()>}: the client command a test hands to the program under test. */
    public List<String> sshCommand() {
        return List.of("ssh", "-F", configFile.toString());
    }

    /**
     * {@code scp -F <config> <args…>}; a remote path is written {@code slurmx-remote:PATH}, relative to
     * the remote home. Run it with {@link #run}.
     */
    public List<String> scpCommand(String... args) {
        List<String> argv = new ArrayList<>(List.of("scp", "-F", configFile.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    /** Runs a host command (ssh, scp… built from {@link #sshCommand()}) within {@link #DEFAULT_TIMEOUT}. */
    public CommandResult run(List<String> argv) {
        return run(argv, DEFAULT_TIMEOUT);
    }

    /** {@code ssh -F <config> slurmx-remote <remoteCommand>} as a process, within {@link #DEFAULT_TIMEOUT}. */
    public CommandResult ssh(String remoteCommand) {
        return ssh(List.of(), remoteCommand);
    }

    /**
     * {@code ssh -F <config> <options…> slurmx-remote <remoteCommand>} as a process of the host: exit
     * status (255 when ssh itself failed), standard output and error. The remote user's shell runs
     * {@code remoteCommand} in the home directory, as it would for {@code ssh login-node CMD}.
     */
    public CommandResult ssh(List<String> options, String remoteCommand) {
        return ssh(options, remoteCommand, DEFAULT_TIMEOUT);
    }

    public CommandResult ssh(List<String> options, String remoteCommand, Duration timeout) {
        List<String> argv = new ArrayList<>(sshCommand());
        argv.addAll(options);
        argv.add(HOST_ALIAS);
        argv.add(remoteCommand);
        return run(argv, timeout);
    }

    /** The public key line, as the host's ssh-keygen wrote it. */
    public String publicKey() {
        try {
            return Files.readString(Path.of(identityFile + ".pub"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the public key " + identityFile + ".pub", e);
        }
    }

    private void makeKeyPair() {
        CommandResult keygen = run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C",
                "scatter-it@" + SlurmContainer.HOSTNAME, "-f", identityFile.toString()), Duration.ofSeconds(30));
        if (!keygen.succeeded()) {
            throw new IllegalStateException(keygen.describeFailure("ssh-keygen could not make a key pair"));
        }
    }

    private void writeConfig() {
        // ssh refuses a config that others may write, and a private key that others may read
        // (ssh-keygen makes it 600). Quoted paths: ssh_config splits arguments at spaces.
        String config = """
                # Written by SlurmSsh for the SLURM test container %1$s.
                # Use: ssh -F %2$s %3$s COMMAND
                Host %3$s
                  HostName %4$s
                  Port %5$d
                  User %6$s
                  IdentityFile "%7$s"
                  IdentitiesOnly yes
                  StrictHostKeyChecking no
                  UserKnownHostsFile /dev/null
                  LogLevel ERROR
                  BatchMode yes
                  ConnectTimeout 10
                """.formatted(slurm.getContainerId(), configFile, HOST_ALIAS, slurm.getSshHost(),
                slurm.getSshPort(), SlurmContainer.SUBMIT_USER, identityFile);
        try {
            Files.writeString(configFile, config, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(configFile, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the ssh config " + configFile, e);
        }
    }

    private CommandResult run(List<String> argv, Duration timeout) {
        try {
            return new ProcessCommandRunner().run(Command.of(directory, argv), timeout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", argv), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + argv.get(0), e);
        }
    }

    /** Why the host's OpenSSH client cannot be used, or empty when ssh and ssh-keygen are on the PATH. */
    private static Optional<String> missingClient() {
        List<String> missing = Stream.of("ssh", "ssh-keygen").filter(p -> !ProcessCommandRunner.onPath(p)).toList();
        return missing.isEmpty()
                ? Optional.empty()
                : Optional.of("[real-slurm] the OpenSSH client is missing (" + String.join(", ", missing)
                        + " not on PATH); install it with .ci/ensure-tools (apt-get install openssh-client)");
    }

    private static Path createPrivateTempDirectory() {
        try {
            return Files.createTempDirectory("scatter-ssh-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the ssh key", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
