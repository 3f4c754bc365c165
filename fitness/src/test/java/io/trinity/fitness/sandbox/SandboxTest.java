package io.trinity.fitness.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SandboxTest {

    private static final Set<String> ALLOWED_ENV = Set.of("PATH", "LANG", "HOME", "PWD");

    private static Sandbox sandbox(IsolationPolicy policy) {
        return Sandbox.builder().isolation(policy).parallelism(2)
                .limits(Limits.DEFAULT.withWallTimeout(Duration.ofSeconds(3)).withCpuTime(Duration.ofSeconds(2)))
                .build();
    }

    @Test
    void bubblewrapWorksHereAndIsTheDefault() {
        assertEquals(Isolation.BUBBLEWRAP, Sandbox.builder().build().isolation(),
                "install the Debian package 'bubblewrap' and allow unprivileged user namespaces");
    }

    @Test
    void withoutBwrapTheDefaultRefusesSayingHowToFixItAndOnlyTheOptOutRuns(@TempDir Path dir) throws IOException {
        String noBwrap = toolsWithoutBwrap(dir);
        var e = assertThrows(SandboxUnavailableException.class, () -> Sandbox.builder().toolPath(noBwrap).build());
        assertTrue(e.getMessage().startsWith("code grading refuses to run untrusted code: bubblewrap does not work "
                + "here (no bwrap in " + noBwrap + ")"), e.getMessage());
        for (String fix : List.of("apt-get install bubblewrap", "unprivileged user namespaces",
                "sandbox: {isolation: limits_only}", "--sandbox-isolation limits_only")) {
            assertTrue(e.getMessage().contains(fix), "the refusal names the fix '" + fix + "': " + e.getMessage());
        }
        Sandbox optedOut = Sandbox.builder().toolPath(noBwrap).isolation(IsolationPolicy.RLIMITS_ONLY).build();
        assertEquals(Isolation.RLIMITS_ONLY, optedOut.isolation());
        assertEquals("42\n", optedOut.run(Program.of("print(6 * 7)")).stdout());
    }

    /** A tool path with everything the sandbox runs except bwrap, as on a machine without bubblewrap. */
    static String toolsWithoutBwrap(Path dir) throws IOException {
        // Readable by all: as root, runs switch to an unprivileged user, who must reach prlimit through it.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String tool : List.of("prlimit", "setpriv")) {
            Files.createSymbolicLink(dir.resolve(tool), Path.of("/usr/bin", tool));
        }
        return dir.toString();
    }

    @ParameterizedTest
    @EnumSource(value = IsolationPolicy.class, names = {"BUBBLEWRAP", "RLIMITS_ONLY"})
    void runsFilesWithStdinInAWritableWorkingDirectory(IsolationPolicy policy) {
        Execution run = sandbox(policy).run(new Program(Map.of(
                Program.MAIN, """
                        import sys, helper
                        with open("scratch.txt", "w") as f:
                            f.write(sys.stdin.read().upper())
                        print(open("scratch.txt").read() + helper.SUFFIX)
                        """,
                "helper.py", "SUFFIX = '!'\n"), "hello"));
        assertTrue(run.succeeded(), run.toString());
        assertEquals("HELLO!\n", run.stdout());
    }

    @ParameterizedTest
    @EnumSource(value = IsolationPolicy.class, names = {"BUBBLEWRAP", "RLIMITS_ONLY"})
    void theChildEnvironmentIsTheAllowListAndHoldsNothingOfTheJvms(IsolationPolicy policy) {
        Execution run = sandbox(policy).run(Program.of("import os\nfor k, v in os.environ.items(): print(k, v)\n"));
        assertTrue(run.succeeded(), run.toString());
        Set<String> names = run.stdout().lines().map(line -> line.split(" ", 2)[0])
                .collect(Collectors.toSet());
        assertTrue(ALLOWED_ENV.containsAll(names), "child environment: " + names);
        for (Map.Entry<String, String> parent : System.getenv().entrySet()) {
            String value = parent.getValue();
            boolean allowListed = Sandbox.childEnvironment("/tmp").containsValue(value);
            if (value.length() >= 6 && !allowListed && !value.startsWith("/tmp")) {
                assertFalse(run.stdout().contains(value), "the JVM's " + parent.getKey() + " reached the child");
            }
        }
    }

    @Test
    void underBubblewrapNoProcessOutsideTheRunIsVisible() {
        Execution run = sandbox(IsolationPolicy.BUBBLEWRAP).run(Program.of(SecretProbe.SNOOP));
        assertTrue(run.succeeded(), run.toString());
        for (Map.Entry<String, String> parent : System.getenv().entrySet()) {
            String value = parent.getValue();
            if (value.length() >= 6 && !Sandbox.childEnvironment("/tmp").containsValue(value)) {
                assertFalse(run.stdout().contains(value), "the JVM's " + parent.getKey() + " is readable in /proc");
            }
        }
    }

    /** The JVM's own environment cannot be changed, so a child JVM carries the planted secret. */
    @Test
    void aSecretInTheParentsEnvironmentIsInvisible() throws IOException, InterruptedException {
        String secret = "sk-fake-" + UUID.randomUUID();
        ProcessBuilder builder = childJvm(SecretProbe.class, IsolationPolicy.BUBBLEWRAP.name())
                .redirectOutput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put(SecretProbe.VARIABLE, secret);
        Process probe = builder.start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS));
        assertTrue(output.strip().endsWith("CLEAN"), output);
    }

    @Test
    void writesLandInThePrivateScratchAndNowhereElse() {
        String name = "trinity-escape-" + UUID.randomUUID();
        Execution run = sandbox(IsolationPolicy.BUBBLEWRAP).run(Program.of("""
                import os
                open("/tmp/%1$s", "w").write("inside")
                print(open("/tmp/%1$s").read())
                for target in ("/%1$s", "/usr/%1$s", "/sandbox/%1$s", "/proc/%1$s"):
                    try:
                        open(target, "w").write("escaped")
                        print("wrote", target)
                    except OSError as e:
                        print("refused", target, type(e).__name__)
                """.formatted(name)));
        assertTrue(run.succeeded(), run.toString());
        assertTrue(run.stdout().startsWith("inside\n"), run.stdout());
        assertFalse(run.stdout().contains("wrote"), run.stdout());
        assertFalse(Files.exists(Path.of("/tmp", name)), "the sandbox's /tmp is the host's");
        assertFalse(Files.exists(Path.of("/", name)));
    }

    /** Two runs at once each get the whole process limit: the count is per run, not per user. */
    @Test
    void theProcessLimitCapsEachRunSeparately() throws Exception {
        Sandbox sandbox = sandbox(IsolationPolicy.BUBBLEWRAP);
        String forks = """
                import os, time
                children = 0
                for _ in range(200):
                    try:
                        if os.fork() == 0:
                            time.sleep(2)
                            os._exit(0)
                        children += 1
                    except OSError:
                        break
                print(children)
                """;
        var first = CompletableFuture.supplyAsync(() -> sandbox.run(Program.of(forks)));
        var second = CompletableFuture.supplyAsync(() -> sandbox.run(Program.of(forks)));
        for (Execution run : List.of(first.get(), second.get())) {
            assertTrue(run.succeeded(), run.toString());
            int children = Integer.parseInt(run.stdout().strip());
            int limit = Limits.DEFAULT.maxProcesses();
            assertTrue(children >= limit - 4 && children < limit, children + " children under a limit of " + limit);
        }
    }

    /** --die-with-parent: killing the JVM mid-run kills the sandboxed program too. */
    @Test
    void aRunDiesWithItsJvm(@TempDir Path tmp) throws Exception {
        String marker = "trinity-orphan-" + UUID.randomUUID();
        // A killed JVM cannot delete its run directory; it goes to a folder of this test's, open to uid 65534.
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = childJvm(OrphanProbe.class, marker);
        builder.command().add(1, "-Djava.io.tmpdir=" + tmp);
        Process jvm = builder.start();
        // The child JVM's own command line holds the marker too; only the sandboxed sleeper also holds "sleep".
        String sleeper = "time.sleep(120)";
        try {
            assertTrue(waitFor(() -> processWith(marker, sleeper), Duration.ofSeconds(30)),
                    "the sandboxed program never started");
        } finally {
            jvm.destroyForcibly().waitFor();
        }
        assertTrue(waitFor(() -> !processWith(marker, sleeper), Duration.ofSeconds(10)),
                "the program outlived its JVM");
    }

    private static ProcessBuilder childJvm(Class<?> main, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classpath,
                main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }

    private static boolean processWith(String marker, String command) {
        return ProcessHandle.allProcesses().anyMatch(p -> {
            try {
                String commandLine = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"));
                return commandLine.contains(marker) && commandLine.contains(command);
            } catch (IOException e) {
                return false;
            }
        });
    }

    private static boolean waitFor(BooleanSupplier condition, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void limitsHoldWithoutBubblewrapToo() {
        Sandbox limited = sandbox(IsolationPolicy.RLIMITS_ONLY);
        assertEquals(Isolation.RLIMITS_ONLY, limited.isolation());
        assertTrue(limited.run(Program.of("x = bytearray(4 * 1024 ** 3)\n")).stderr().contains("MemoryError"));
        Execution loop = limited.run(Program.of("while True:\n    pass\n"));
        assertFalse(loop.succeeded());
        assertTrue(Set.of(Execution.Outcome.TIMED_OUT, Execution.Outcome.CPU_LIMIT).contains(loop.outcome()),
                loop.toString());
    }

    @Test
    void outputIsCutAtTheLimit() {
        Sandbox small = Sandbox.builder().isolation(IsolationPolicy.BUBBLEWRAP)
                .limits(Limits.DEFAULT.withFileSizeBytes(64 * 1024)).build();
        Execution run = small.run(Program.of("import sys\nwhile True:\n    sys.stdout.write('y' * 4096)\n"));
        assertEquals(Execution.Outcome.OUTPUT_LIMIT, run.outcome(), run.failureSummary());
        assertEquals(64 * 1024, run.stdout().length());
    }

    @Test
    void anInterpreterOutsideUsrCannotUseBubblewrapAndOnlyTheOptOutRunsIt(@TempDir Path dir) throws IOException {
        // Readable by all: as root, runs switch to an unprivileged user, who must reach the interpreter.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path python = Files.createSymbolicLink(dir.resolve("python3"), Path.of("/usr/bin/python3"));
        var e = assertThrows(SandboxUnavailableException.class, () -> Sandbox.builder().python(python).build());
        assertTrue(e.getMessage().contains("outside /usr"), e.getMessage());
        Sandbox fallback = Sandbox.builder().python(python).isolation(IsolationPolicy.RLIMITS_ONLY).build();
        assertEquals(Isolation.RLIMITS_ONLY, fallback.isolation());
        assertTrue(fallback.run(Program.of("print(6 * 7)")).stdout().contains("42"));
    }

    @Test
    void programFileNamesArePlain() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Program(Map.of(Program.MAIN, "", "../escape.py", ""), ""));
        assertTrue(e.getMessage().contains("../escape.py"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Program(Map.of("other.py", ""), ""));
    }
}
