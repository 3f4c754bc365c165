package io.trinity.gateway.sim;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.pool.ReplyTokens;
import io.trinity.gateway.pool.RoleSkills;
import io.trinity.gateway.pool.SimModelSpec;
import io.trinity.gateway.sim.SimAnswerKey.Entry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The behaviour of one simulated model: a pure function from a request to a reply, its length and its latency.
 *
 * <p>Right and wrong follow an item-response model ({@link ItemResponse}): each question has a latent difficulty
 * drawn from the question alone (shared by every model of the pool) plus one drawn from (model, question), and this
 * model's chance on it is {@code logistic(ability - latent)}, where the ability is calibrated from the pool file's
 * target rate for the category. So hard questions are hard for every model, and a model that tries a question
 * again (after a REVISE) faces the same latent as before: only the last draw, from the request, is fresh. Random
 * draws from the request happen in a fixed order (latency, reply length, then the role's draw, then wording) so a
 * reply depends only on the request, the model and the pool seed.
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
    /** Salt of the question-only latent; a model's own latent is salted with its name's hash. */
    private static final long SHARED = 0L;
    /** Salt of the question's common wrong answer. */
    private static final long COMMON_WRONG = 0x636F6D6D6F6EL;
    /**
     * How often a wrong answer is the question's common wrong answer (the same for every model and sample), as real
     * models share misconceptions; otherwise it is a wrong answer of its own. Without it, wrong answers almost never
     * agree and voting looks far better than it is.
     */
    static final double SHARED_WRONG = 0.5;

    record SimReply(String content, long delayMs, int completionTokens) {
    }

    /** Abilities for one category, in logits: of writing a sound plan, of answering right. */
    private record Abilities(double thinker, double worker) {
    }

    private final SimModelSpec spec;
    private final long poolSeed;
    private final long nameSalt;
    private final SimAnswerKey key;
    private final Map<String, Abilities> abilities = new HashMap<>();

    SimModel(SimModelSpec spec, long poolSeed, SimAnswerKey key) {
        this.spec = spec;
        this.poolSeed = poolSeed;
        this.nameSalt = SimRandom.nameSalt(spec.name());
        this.key = key;
        double spread = Math.hypot(spec.difficulty().spread(), spec.difficulty().modelSpread());
        spec.skills().forEach((category, s) -> abilities.put(category,
                new Abilities(ItemResponse.ability(s.thinker(), spread), ItemResponse.ability(s.worker(), spread))));
    }

    long requestHash(ChatRequest request) {
        return SimRandom.requestHash(poolSeed, spec.name(), request);
    }

    SimReply respond(ChatRequest request) {
        return respond(request, SimRandom.requestHash(poolSeed, spec.name(), request));
    }

    /** {@code requestHash} is {@link SimRandom#requestHash} of this request, when the caller has it already. */
    SimReply respond(ChatRequest request, long requestHash) {
        SimRandom random = new SimRandom(requestHash);
        double latencyFactor = Math.exp(spec.latency().sigma() * random.nextGaussian());
        double jitter = random.nextDouble() * spec.latency().jitterMs();
        double lengthFactor = Math.exp(spec.replyTokens().sigma() * random.nextGaussian());
        Transcript transcript = Transcript.parse(request.messages());
        Question question = find(transcript);
        Entry query = question == null ? null : question.entry;
        String category = query == null ? SimModelSpec.DEFAULT_CATEGORY : query.category();
        RoleSkills skills = spec.skillsFor(category);
        Abilities ability = abilities.getOrDefault(category, abilities.get(SimModelSpec.DEFAULT_CATEGORY));
        double latent = question == null ? 0 : latent(question.hash);
        String content = switch (transcript.role()) {
            case THINKER -> PLAN + "\n" + (random.nextDouble() < ItemResponse.logistic(ability.thinker() - latent)
                    ? SOUND_ANALYSIS : UNCERTAIN);
            case WORKER -> work(question, transcript, ItemResponse.logistic(ability.worker() - latent), random);
            case VERIFIER -> verify(query, transcript, skills, random);
        };
        int tokens = tokens(content, transcript.role(), lengthFactor);
        long delayMs = Math.round(spec.latency().baseMs() * latencyFactor + spec.latency().msPerToken() * tokens)
                + (long) jitter;
        return new SimReply(content, delayMs, tokens);
    }

    private record Question(String hash, Entry entry) {
    }

    private Question find(Transcript transcript) {
        for (String text : transcript.userTexts()) {
            String hash = SimAnswerKey.queryHash(text);
            Entry entry = key.find(hash);
            if (entry != null) {
                return new Question(hash, entry);
            }
        }
        return null;
    }

    /** This model's latent difficulty of the question: the pool's shared part plus this model's own. */
    private double latent(String queryHash) {
        double shared = SimRandom.forQuestion(poolSeed, SHARED, queryHash).nextGaussian();
        double own = SimRandom.forQuestion(poolSeed, nameSalt, queryHash).nextGaussian();
        return spec.difficulty().spread() * shared + spec.difficulty().modelSpread() * own;
    }

    private int tokens(String content, Role role, double lengthFactor) {
        ReplyTokens lengths = spec.replyTokens();
        if (lengths.fromText()) {
            return (content.codePointCount(0, content.length()) + 3) / 4;
        }
        int median = switch (role) {
            case THINKER -> lengths.thinker();
            case WORKER -> lengths.worker();
            case VERIFIER -> lengths.verifier();
        };
        return (int) Math.max(1, Math.round(median * lengthFactor));
    }

    private String work(Question question, Transcript transcript, double chance, SimRandom random) {
        if (question == null) {
            return NO_ANSWER;
        }
        boolean helped = transcript.latest(Role.THINKER)
                .map(t -> t.text().lines().anyMatch(line -> line.strip().equals(SOUND_ANALYSIS)))
                .orElse(false);
        double p = helped ? chance + (1 - chance) * spec.thinkerBoost() : chance;
        boolean right = random.nextDouble() < p;
        boolean common = random.nextDouble() < SHARED_WRONG;
        String lead = WORKER_LEADS.get(random.nextInt(WORKER_LEADS.size()));
        SimRandom wrong = common ? SimRandom.forQuestion(poolSeed, COMMON_WRONG, question.hash) : random;
        return lead + "\n" + SimAnswers.render(question.entry, right, wrong);
    }

    private static String verify(Entry query, Transcript transcript, RoleSkills skills, SimRandom random) {
        var worker = transcript.latest(Role.WORKER);
        if (worker.isEmpty()) {
            return REVISE + "\nReason: there is no Worker solution to check yet.";
        }
        if (query == null) {
            return REVISE + "\nReason: I cannot confirm this solution.";
        }
        boolean answerRight = SimAnswers.isRight(worker.get().text(), query);
        double reviseChance = answerRight ? skills.falseReject() : skills.recall();
        return random.nextDouble() < reviseChance
                ? REVISE + "\nReason: the final answer does not hold up; the solution should be redone."
                : ACCEPT + "\nReason: the final answer follows from the problem and checks out.";
    }
}
