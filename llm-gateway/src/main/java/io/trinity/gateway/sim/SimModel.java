package io.trinity.gateway.sim;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.pool.RoleSkills;
import io.trinity.gateway.pool.SimModelSpec;
import io.trinity.gateway.sim.SimAnswerKey.Entry;
import java.util.List;
import java.util.Objects;

/**
 * The behaviour of one simulated model: a pure function from a request to a reply and its latency. Random draws
 * happen in a fixed order (latency, then the role's success draw, then wording) so a reply depends only on the
 * request, the model and the pool seed.
 */
final class SimModel {

    /** The line of a sound Thinker analysis; a Worker that sees it in the latest Thinker turn gets the boost. */
    static final String SOUND_ANALYSIS = "Assessment: the key step is identified.";
    static final String UNCERTAIN = "Assessment: uncertain.";
    static final String NO_ANSWER = "I could not work this out.";
    static final String ACCEPT = "Verdict: ACCEPT";
    static final String REVISE = "Verdict: REVISE";

    private static final String PLAN =
            "Plan: restate what is asked, list the given facts, then settle the decisive step before computing.";
    private static final List<String> WORKER_LEADS = List.of(
            "Working through the problem step by step gives the result.",
            "Setting up the quantities and carrying out the computation carefully:",
            "Checking each condition in turn leads to the following.");

    record SimReply(String content, long delayMs) {
    }

    private final SimModelSpec spec;
    private final long poolSeed;
    private final SimAnswerKey key;

    long requestHash(ChatRequest request) {
        return SimRandom.requestHash(poolSeed, spec.name(), request);
    }

    SimModel(SimModelSpec spec, long poolSeed, SimAnswerKey key) {
        this.spec = spec;
        this.poolSeed = poolSeed;
        this.key = key;
    }

    SimReply respond(ChatRequest request) {
        return respond(request, SimRandom.requestHash(poolSeed, spec.name(), request));
    }

    /** {@code requestHash} is {@link SimRandom#requestHash} of this request, when the caller has it already. */
    SimReply respond(ChatRequest request, long requestHash) {
        SimRandom random = new SimRandom(requestHash);
        long delayMs = spec.latency().baseMs() + (long) (random.nextDouble() * spec.latency().jitterMs());
        Transcript transcript = Transcript.parse(request.messages());
        Entry query = transcript.userTexts().stream()
                .map(text -> key.find(SimAnswerKey.queryHash(text)))
                .filter(Objects::nonNull)
                .findFirst().orElse(null);
        RoleSkills skills = spec.skillsFor(query == null ? SimModelSpec.DEFAULT_CATEGORY : query.category());
        String content = switch (transcript.role()) {
            case THINKER -> PLAN + "\n" + (random.nextDouble() < skills.thinker() ? SOUND_ANALYSIS : UNCERTAIN);
            case WORKER -> work(query, transcript, skills.worker(), random);
            case VERIFIER -> verify(query, transcript, skills.verifier(), random);
        };
        return new SimReply(content, delayMs);
    }

    private String work(Entry query, Transcript transcript, double skill, SimRandom random) {
        if (query == null) {
            return NO_ANSWER;
        }
        boolean helped = transcript.latest(Role.THINKER)
                .map(t -> t.text().lines().anyMatch(line -> line.strip().equals(SOUND_ANALYSIS)))
                .orElse(false);
        double p = helped ? skill + (1 - skill) * spec.thinkerBoost() : skill;
        boolean right = random.nextDouble() < p;
        String lead = WORKER_LEADS.get(random.nextInt(WORKER_LEADS.size()));
        return lead + "\n" + SimAnswers.render(query, right, random);
    }

    private static String verify(Entry query, Transcript transcript, double skill, SimRandom random) {
        var worker = transcript.latest(Role.WORKER);
        if (worker.isEmpty()) {
            return REVISE + "\nReason: there is no Worker solution to check yet.";
        }
        if (query == null) {
            return REVISE + "\nReason: I cannot confirm this solution.";
        }
        boolean answerRight = SimAnswers.isRight(worker.get().text(), query);
        boolean judgedRight = random.nextDouble() < skill;
        return answerRight == judgedRight
                ? ACCEPT + "\nReason: the final answer follows from the problem and checks out."
                : REVISE + "\nReason: the final answer does not hold up; the solution should be redone.";
    }
}
