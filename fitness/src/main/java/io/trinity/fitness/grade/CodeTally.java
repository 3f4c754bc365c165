package io.trinity.fitness.grade;

import java.util.concurrent.atomic.LongAdder;

/**
 * What grading code cost one caller (a Spark task, a key build): programs run in the sandbox, answers answered from
 * the grade cache instead, and runs the sandbox itself failed (it could not start or finish a run: an
 * infrastructure fault, not a wrong program, which counts as a run). Thread-safe.
 */
public final class CodeTally {

    /** A tally nobody reads, for callers that do not count. */
    public static final CodeTally IGNORED = new CodeTally();

    private final LongAdder runs = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder sandboxFailures = new LongAdder();

    void ran() {
        runs.increment();
    }

    void hit() {
        cacheHits.increment();
    }

    void sandboxFailed() {
        sandboxFailures.increment();
    }

    public long runs() {
        return runs.sum();
    }

    public long cacheHits() {
        return cacheHits.sum();
    }

    public long sandboxFailures() {
        return sandboxFailures.sum();
    }
}
