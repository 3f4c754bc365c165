package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.code.CodeTests;
import io.trinity.fitness.sandbox.Isolation;
import io.trinity.fitness.sandbox.IsolationPolicy;
import io.trinity.fitness.sandbox.Limits;
import io.trinity.fitness.sandbox.Sandbox;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answers that attack the machine. Each defines {@code f} so that it returns the right value only if its attack
 * succeeds; every one must be graded wrong with a reason, and its effect must not be found outside the sandbox.
 * All cases run at once under bubblewrap (which CI installs) to keep the suite short.
 */
class HostileCodeTest {

    private static final String MARKER = "trinity-hostile-" + UUID.randomUUID();
    private static final Task TASK = new Task("hostile/1", "humaneval", "humaneval", "def f():\n", "    return 1\n",
            AnswerFormat.CODE, CodeTests.asserts("", "assert f() == 1\n"));
    private static final Limits LIMITS = Limits.DEFAULT.withWallTimeout(Duration.ofSeconds(8))
            .withCpuTime(Duration.ofSeconds(3));

    private static Sandbox sandbox;
    private static ServerSocket listener;
    private static Path canaryDir;
    private static Set<String> sandboxDirsBefore;
    private static final Map<String, CompletableFuture<Grade>> GRADES = new ConcurrentHashMap<>();

    @BeforeAll
    static void gradeAllAttacksAtOnce() throws IOException {
        sandbox = Sandbox.builder().isolation(IsolationPolicy.BUBBLEWRAP).limits(LIMITS).parallelism(8).build();
        sandboxDirsBefore = sandboxDirs();
        listener = new ServerSocket(0);
        listener.setSoTimeout(200);
        canaryDir = Files.createTempDirectory("trinity-canary-");
        Files.setPosixFilePermissions(canaryDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Map<String, String> attacks = Map.of(
                "network", """
                        import socket
                        def f():
                            socket.create_connection(("127.0.0.1", %d), timeout=2).close()
                            return 1
                        """.formatted(listener.getLocalPort()),
                "internet", """
                        import socket
                        def f():
                            socket.create_connection(("1.1.1.1", 53), timeout=2).close()
                            return 1
                        """,
                "write", """
                        def f():
                            with open("%s/escaped.txt", "w") as out:
                                out.write("escaped")
                            return 1
                        """.formatted(canaryDir),
                "forkBomb", """
                        import os, sys
                        def f():
                            bomb = ("import os\\nwhile True:\\n    try:\\n        os.fork()\\n"
                                    "    except OSError:\\n        pass")
                            os.execv(sys.executable, [sys.executable, "-c", bomb, "%s-bomb"])
                        """.formatted(MARKER),
                "memory", """
                        def f():
                            hoard = bytearray(10 * 1024 ** 3)
                            return 1
                        """,
                "infiniteLoop", """
                        def f():
                            while True:
                                pass
                        """,
                "print1GB", """
                        import sys
                        def f():
                            chunk = "x" * (1 << 20)
                            for _ in range(1024):
                                sys.stdout.write(chunk)
                            return 1
                        """,
                "background", """
                        import os, subprocess
                        def f():
                            subprocess.Popen(["/bin/sleep", "86399"], start_new_session=True)
                            if os.fork() == 0:
                                os.setsid()
                                os.execv("/usr/bin/python3", ["python3", "-c", "import time; time.sleep(86400)",
                                                               "%s-daemon"])
                            return 1
                        """.formatted(MARKER));
        CodeGrader grader = new CodeGrader(sandbox);
        ExecutorService pool = Executors.newFixedThreadPool(attacks.size());
        attacks.forEach((name, code) -> GRADES.put(name, CompletableFuture.supplyAsync(
                () -> grader.grade(TASK, "```python\n" + code + "```"), pool)));
        CompletableFuture.allOf(GRADES.values().toArray(CompletableFuture[]::new)).join();
        pool.shutdown();
    }

    @AfterAll
    static void close() throws IOException {
        listener.close();
        Files.deleteIfExists(canaryDir.resolve("escaped.txt"));
        Files.delete(canaryDir);
    }

    private static Grade wrong(String attack) {
        Grade grade = GRADES.get(attack).join();
        assertFalse(grade.correct(), attack + " was graded correct: " + grade.reason());
        assertFalse(grade.reason().isBlank(), attack);
        assertTrue(grade.reason().length() < 1000, "reasons stay short: " + grade.reason().length());
        return grade;
    }

    @Test
    void runsUnderBubblewrap() {
        assertEquals(Isolation.BUBBLEWRAP, sandbox.isolation());
    }

    @Test
    void loopbackOfTheHostIsUnreachable() throws IOException {
        Grade grade = wrong("network");
        assertTrue(grade.reason().contains("ConnectionRefusedError") || grade.reason().contains("unreachable"),
                grade.reason());
        try {
            listener.accept().close();
            throw new AssertionError("the sandbox connected to the host's loopback listener");
        } catch (SocketTimeoutException expected) {
            // nobody connected
        }
    }

    @Test
    void theInternetIsUnreachable() {
        assertTrue(wrong("internet").reason().contains("OSError: [Errno 101] Network is unreachable"),
                wrong("internet").reason());
    }

    @Test
    void writingOutsideItsDirectoryFails() {
        Grade grade = wrong("write");
        assertTrue(grade.reason().contains("FileNotFoundError") || grade.reason().contains("Read-only"),
                grade.reason());
        assertFalse(Files.exists(canaryDir.resolve("escaped.txt")), "a file escaped the sandbox");
    }

    @Test
    void aForkBombIsStoppedByTheProcessLimitAndTheClock() {
        Grade grade = wrong("forkBomb");
        assertTrue(grade.reason().contains("timed out") || grade.reason().contains("CPU"), grade.reason());
    }

    @Test
    void allocatingTenGibFailsWithMemoryError() {
        assertTrue(wrong("memory").reason().endsWith("MemoryError"), wrong("memory").reason());
    }

    @Test
    void anInfiniteLoopTimesOut() {
        assertTrue(wrong("infiniteLoop").reason().matches(
                "tests failed: (timed out after \\d+ ms|exceeded the CPU-time limit)"), wrong("infiniteLoop").reason());
    }

    @Test
    void printingAGigabyteStopsAtTheOutputLimit() {
        assertTrue(wrong("print1GB").reason().contains("output"), wrong("print1GB").reason());
    }

    @Test
    void aBackgroundProcessFailsTheAnswerAndDiesWithTheRun() {
        assertTrue(wrong("background").reason().contains("left 2 background process(es) running"),
                wrong("background").reason());
    }

    @Test
    void nothingOutlivesTheRuns() throws IOException {
        GRADES.values().forEach(CompletableFuture::join);
        Set<Long> leftovers = ProcessHandle.allProcesses()
                .filter(p -> commandLine(p.pid()).contains(MARKER) || commandLine(p.pid()).contains("86399"))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
        assertEquals(Set.of(), leftovers, "processes of hostile runs are still alive");
        assertEquals(sandboxDirsBefore, sandboxDirs(), "sandbox directories were left behind");
    }

    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static Set<String> sandboxDirs() throws IOException {
        try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("trinity-sandbox-"))
                    .collect(Collectors.toSet());
        }
    }
}
