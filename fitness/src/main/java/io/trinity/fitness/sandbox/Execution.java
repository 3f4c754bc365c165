package io.trinity.fitness.sandbox;

import java.time.Duration;
import java.util.Optional;

/**
 * How one sandbox run ended.
 *
 * @param outcome  what stopped the program
 * @param exitCode the exit status; {@code 128 + n} when a signal n ended it; -1 when the sandbox killed it
 * @param stdout   standard output, at most the sandbox's output limit, decoded as UTF-8
 * @param stderr   standard error, likewise bounded
 * @param wall     wall-clock time of the run
 */
public record Execution(Outcome outcome, int exitCode, String stdout, String stderr, Duration wall) {

    private static final int SIGKILL = 9;
    private static final int SIGXCPU = 24;
    private static final int SIGXFSZ = 25;

    /** What stopped the program. */
    public enum Outcome {
        /** It exited on its own (with any status) or was ended by a signal other than the ones below. */
        EXITED,
        /** The wall-clock limit ran out and the sandbox killed it. */
        TIMED_OUT,
        /** It used up its CPU-time limit (SIGXCPU). */
        CPU_LIMIT,
        /** It wrote more output or file data than allowed (SIGXFSZ). */
        OUTPUT_LIMIT,
        /** It was killed by SIGKILL from inside the sandbox, typically after exhausting a limit. */
        KILLED
    }

    static Outcome classify(int exitCode) {
        return switch (exitCode - 128) {
            case SIGXCPU -> Outcome.CPU_LIMIT;
            case SIGXFSZ -> Outcome.OUTPUT_LIMIT;
            case SIGKILL -> Outcome.KILLED;
            default -> Outcome.EXITED;
        };
    }

    public boolean succeeded() {
        return outcome == Outcome.EXITED && exitCode == 0;
    }

    /** One line on why the run failed (the last line of a Python traceback, a limit, a timeout), or "exit 0". */
    public String failureSummary() {
        return switch (outcome) {
            case TIMED_OUT -> "timed out after " + wall.toMillis() + " ms";
            case CPU_LIMIT -> "exceeded the CPU-time limit";
            case OUTPUT_LIMIT -> "exceeded the output/file-size limit";
            case KILLED -> "killed (SIGKILL) after exhausting a limit";
            case EXITED -> exitCode == 0 ? "exit 0" : lastLine(stderr).map(line -> "exit " + exitCode + ": " + line)
                    .orElse("exit " + exitCode);
        };
    }

    private static Optional<String> lastLine(String text) {
        String[] lines = text.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        return last.isEmpty() ? Optional.empty()
                : Optional.of(last.length() <= 300 ? last : last.substring(0, 297) + "...");
    }
}
