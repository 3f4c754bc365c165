package io.trinity.fitness.grade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.fitness.code.CodeExtractor;
import io.trinity.fitness.code.CodeTests;
import io.trinity.fitness.code.TestCase;
import io.trinity.fitness.sandbox.Execution;
import io.trinity.fitness.sandbox.Isolation;
import io.trinity.fitness.sandbox.Program;
import io.trinity.fitness.sandbox.Sandbox;
import io.trinity.fitness.task.Task;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the Python program of a reply against the task's hidden tests in the {@link Sandbox}, the way each
 * benchmark's own harness does: HumanEval and MBPP execute answer and asserts in one namespace whose
 * {@code __name__} is not {@code "__main__"}; LiveCodeBench compares stdout line by line after stripping (tokens
 * compared as decimals when the text differs) or calls the function and compares with {@code ==}, lists and
 * tuples alike. Every failure, timeout or crash is "wrong" with the reason. Thread-safe.
 */
public final class CodeGrader implements Grader {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SOLUTION = "solution.py";
    private static final String CASE = "case.json";
    private static final int SHOWN = 120;

    /** Loads the answer (+ tests) and executes it under a module name, so {@code if __name__ == "__main__"} is off. */
    private static final String RUN_SOLUTION = """
            import json as _json, os as _os, sys as _sys
            _here = _os.path.dirname(_os.path.abspath(__file__))
            with open(_os.path.join(_here, "%s"), encoding="utf-8") as _file:
                _source = _file.read()
            _namespace = {"__name__": "solution"}
            exec(compile(_source, "%1$s", "exec"), _namespace)
            """.formatted(SOLUTION);

    /**
     * The completion marker: a program that exits early (exit(), os._exit) before its tests ran prints no marker.
     * Its random value comes per run. It goes straight to file descriptor 1, since answers may replace or close
     * sys.stdout.
     */
    private static final String MARK = """
            try:
                _sys.stdout.flush()
            except Exception:
                pass
            _os.write(1, b"\\n%s\\n")
            """;

    /**
     * Under bubblewrap the run has its own pid namespace, whose pid 1 is the sandbox's init: any other live
     * process besides this one was started by the answer and is still running.
     */
    private static final String NO_LEFTOVERS = """
            _alive = 0
            for _pid in _os.listdir("/proc"):
                if _pid.isdigit() and int(_pid) not in (1, _os.getpid()):
                    try:
                        with open("/proc/" + _pid + "/stat") as _file:
                            _state = _file.read().rsplit(")", 1)[1].split()[0]
                    except (OSError, IndexError):
                        continue
                    if _state not in ("Z", "X"):
                        _alive += 1
            if _alive:
                raise SystemExit("left %d background process(es) running" % _alive)
            """;

    private static final String CALL_FUNCTION = """
            with open(_os.path.join(_here, "%s"), encoding="utf-8") as _file:
                _case = _json.load(_file)
            _owner = _namespace["Solution"]() if "class Solution" in _source else None
            _function = getattr(_owner, "%s") if _owner is not None else _namespace["%2$s"]
            _args = [_json.loads(_line) for _line in _case["input"].split("\\n")]
            _expected = _json.loads(_case["output"])
            _result = _function(*_args)
            if isinstance(_result, tuple):
                _result = list(_result)
            _verdict = "PASS" if _result == _expected else "FAIL " + repr(_result)[:200].replace("\\n", " ")
            """;

    private static final String PRINT_VERDICT = """
            try:
                _sys.stdout.flush()
            except Exception:
                pass
            _os.write(1, ("\\n%s " + _verdict + "\\n").encode("utf-8", "replace"))
            """;

    private final Sandbox sandbox;

    public CodeGrader(Sandbox sandbox) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
    }

    /** The grader behind {@link Graders#forTask} for code: one sandbox per JVM, built on first use. */
    static CodeGrader shared() {
        return Shared.GRADER;
    }

    @Override
    public Grade grade(Task task, String response) {
        CodeTests tests = task.codeTests();
        if (tests == null) {
            throw new IllegalArgumentException("task " + task.id() + " (" + task.benchmark()
                    + ") has no code tests to grade against");
        }
        Optional<String> extracted = CodeExtractor.extract(response, tests.functionName());
        if (extracted.isEmpty()) {
            return Grade.noAnswer("Python code");
        }
        String code = extracted.get();
        String program = withPrefix(tests.prefix(), code);
        return switch (tests.kind()) {
            case ASSERTS -> asserts(program, tests.testCode(), code);
            case STDIN_STDOUT -> stdinStdout(program, tests.cases(), code);
            case FUNCTION_CALL -> functionCall(program, tests.functionName(), tests.cases(), code);
        };
    }

    /**
     * A reply that is only an indented function body continues the prefix (a HumanEval prompt) directly. A whole
     * program follows the prefix; if the prefix then ends in a header without a body (a prompt with no docstring),
     * that header gets a {@code pass} so the reply's own definition can replace it.
     */
    static String withPrefix(String prefix, String code) {
        if (prefix.isEmpty()) {
            return code;
        }
        String head = prefix.endsWith("\n") ? prefix : prefix + "\n";
        String firstLine = code.lines().filter(line -> !line.isBlank()).findFirst().orElse("");
        boolean body = firstLine.startsWith(" ") || firstLine.startsWith("\t");
        if (body) {
            return head + code;
        }
        String lastLine = head.lines().filter(line -> !line.isBlank()).reduce((a, b) -> b).orElse("");
        if (lastLine.stripTrailing().endsWith(":")) {
            String indent = lastLine.substring(0, lastLine.length() - lastLine.stripLeading().length());
            head = head + indent + "    pass\n";
        }
        return head + "\n" + code;
    }

    private Grade asserts(String program, String testCode, String code) {
        String nonce = nonce();
        Execution run = sandbox.run(new Program(Map.of(
                Program.MAIN, RUN_SOLUTION + leftoverCheck() + MARK.formatted(nonce),
                SOLUTION, program + "\n\n" + testCode + "\n"), ""));
        if (!run.succeeded()) {
            return new Grade(false, code, "tests failed: " + run.failureSummary());
        }
        if (!lastLine(run.stdout()).equals(nonce)) {
            return new Grade(false, code, "the program exited before its tests finished");
        }
        return new Grade(true, code, "all tests passed in " + run.wall().toMillis() + " ms");
    }

    private Grade stdinStdout(String program, List<TestCase> cases, String code) {
        for (int i = 0; i < cases.size(); i++) {
            TestCase test = cases.get(i);
            Execution run = sandbox.run(new Program(Map.of(Program.MAIN, program), test.input()));
            String where = "test " + (i + 1) + "/" + cases.size() + ": ";
            if (!run.succeeded()) {
                return new Grade(false, code, where + run.failureSummary());
            }
            Optional<String> mismatch = OutputComparison.mismatch(run.stdout(), test.output());
            if (mismatch.isPresent()) {
                return new Grade(false, code, where + "wrong output: " + mismatch.get());
            }
        }
        return new Grade(true, code, "all " + cases.size() + " tests passed");
    }

    private Grade functionCall(String program, String function, List<TestCase> cases, String code) {
        for (int i = 0; i < cases.size(); i++) {
            TestCase test = cases.get(i);
            String nonce = nonce();
            Execution run = sandbox.run(new Program(Map.of(
                    Program.MAIN, RUN_SOLUTION + CALL_FUNCTION.formatted(CASE, function) + leftoverCheck()
                            + PRINT_VERDICT.formatted(nonce),
                    SOLUTION, program,
                    CASE, json(Map.of("input", test.input(), "output", test.output()))), ""));
            String where = "test " + (i + 1) + "/" + cases.size() + ": ";
            if (!run.succeeded()) {
                return new Grade(false, code, where + run.failureSummary());
            }
            String verdict = lastLine(run.stdout());
            if (!verdict.startsWith(nonce + " ")) {
                return new Grade(false, code, where + "the program exited before the call returned");
            }
            if (!verdict.equals(nonce + " PASS")) {
                return new Grade(false, code, where + "returned " + verdict.substring(nonce.length() + 6)
                        + ", expected " + shorten(test.output()));
            }
        }
        return new Grade(true, code, "all " + cases.size() + " tests passed");
    }

    private String leftoverCheck() {
        return sandbox.isolation() == Isolation.BUBBLEWRAP ? NO_LEFTOVERS : "";
    }

    private static String lastLine(String stdout) {
        String stripped = stdout.stripTrailing();
        return stripped.substring(stripped.lastIndexOf('\n') + 1);
    }

    static String shorten(String text) {
        String flat = text.strip().replace("\n", "\\n");
        return flat.length() <= SHOWN ? "'" + flat + "'" : "'" + flat.substring(0, SHOWN) + "...'";
    }

    private static String nonce() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "trinity-done-" + HexFormat.of().formatHex(bytes);
    }

    private static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    private static final class Shared {
        static final CodeGrader GRADER = new CodeGrader(Sandbox.builder().build());
    }
}
