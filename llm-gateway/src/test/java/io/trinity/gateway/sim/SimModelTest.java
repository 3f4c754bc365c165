package io.trinity.gateway.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.pool.Latency;
import io.trinity.gateway.pool.Price;
import io.trinity.gateway.pool.RoleSkills;
import io.trinity.gateway.pool.SimModelSpec;
import io.trinity.gateway.testing.Fixtures;
import io.trinity.gateway.testing.Fixtures.KeyEntry;
import io.trinity.gateway.testing.Fixtures.PastTurn;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimModelTest {

    private static final int N = 2000;
    private static final List<KeyEntry> QUESTIONS = Fixtures.numberQuestions(N, "gsm8k");
    private static final KeyEntry CHOICE =
            new KeyEntry("Which is prime?\nA. 4\nB. 6\nC. 7\nD. 9", "mmlu", "C", "choice");
    private static final KeyEntry MATH = new KeyEntry("Simplify sin(pi/3).", "math", "\\frac{\\sqrt{3}}{2}", "math");
    private static final KeyEntry CODE =
            new KeyEntry("Write add(a, b).", "mbpp", "def add(a, b):\n    return a + b", "code");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static SimAnswerKey key;

    @BeforeAll
    static void writeKey() {
        List<KeyEntry> all = new ArrayList<>(QUESTIONS);
        all.addAll(List.of(CHOICE, MATH, CODE));
        key = SimAnswerKey.load(Fixtures.writeAnswerKey(dir.resolve("key.jsonl"), all));
    }

    private static SimModel model(RoleSkills gsm8k, Latency latency) {
        SimModelSpec spec = new SimModelSpec("sim-a", new Price(1, 1), latency, 0.5,
                Map.of("default", new RoleSkills(0.5, 0.5, 0.5), "gsm8k", gsm8k));
        return new SimModel(spec, 7, key);
    }

    /** A model with the same skill for every category and role, and no Thinker boost. */
    private static SimModel uniform(String name, double skill) {
        return new SimModel(new SimModelSpec(name, new Price(0, 0), Latency.NONE, 0.0,
                Map.of("default", new RoleSkills(skill, skill, skill))), 7, key);
    }

    private static String reply(SimModel model, List<ChatMessage> messages, Long seed) {
        return model.respond(new ChatRequest("sim-a", messages, null, null, seed)).content();
    }

    private static String boxed(String gold) {
        return "\\boxed{" + gold + "}";
    }

    /** Fraction of the questions for which {@code right} holds of the reply to {@code messages}. */
    private static double rate(SimModel model, Function<KeyEntry, List<ChatMessage>> messages,
            BiPredicate<KeyEntry, String> right) {
        return QUESTIONS.stream().filter(q -> right.test(q, reply(model, messages.apply(q), null))).count()
                / (double) N;
    }

    @Test
    void identicalRequestsGetIdenticalRepliesAndDelays() {
        SimModel model = model(new RoleSkills(0.5, 0.5, 0.5), new Latency(100, 50));
        ChatRequest request =
                new ChatRequest("sim-a", Fixtures.turn("Worker", QUESTIONS.get(3).prompt()), 0.7, null, 42L);
        SimModel twin = model(new RoleSkills(0.5, 0.5, 0.5), new Latency(100, 50));
        assertEquals(model.respond(request), model.respond(request));
        assertEquals(model.respond(request), twin.respond(request));
    }

    @Test
    void requestSeedChangesTheDraws() {
        SimModel model = model(new RoleSkills(0.5, 0.5, 0.5), Latency.NONE);
        List<ChatMessage> messages = Fixtures.turn("Worker", QUESTIONS.get(5).prompt());
        Set<String> replies = IntStream.range(0, 40).mapToObj(s -> reply(model, messages, (long) s))
                .collect(Collectors.toSet());
        assertTrue(replies.size() > 2, "40 seeds gave only " + replies);
        assertEquals(reply(model, messages, null), reply(model, messages, 0L), "a missing seed is seed 0");
    }

    @Test
    void workerAccuracyMatchesItsSkill() {
        SimModel model = model(new RoleSkills(0.5, 0.7, 0.5), Latency.NONE);
        double accuracy = rate(model, q -> Fixtures.turn("Worker", q.prompt()),
                (q, r) -> r.contains(boxed(q.gold())));
        assertTrue(accuracy > 0.65 && accuracy < 0.75, "accuracy " + accuracy);
    }

    @Test
    void wrongNumericAnswersAreOffByANonzeroInteger() {
        SimModel model = model(new RoleSkills(0.5, 0.0, 0.5), Latency.NONE);
        for (KeyEntry q : QUESTIONS.subList(0, 200)) {
            String r = reply(model, Fixtures.turn("Worker", q.prompt()), null);
            String answer = SimAnswers.extract(r, SimAnswerKey.Format.NUMBER);
            BigDecimal offset = new BigDecimal(answer).subtract(new BigDecimal(q.gold()));
            assertTrue(offset.signum() != 0 && offset.abs().compareTo(BigDecimal.TEN) < 0
                    && offset.stripTrailingZeros().scale() <= 0, r);
        }
    }

    @Test
    void soundThinkerAnalysisBoostsTheWorker() {
        SimModel model = model(new RoleSkills(0.5, 0.7, 0.5), Latency.NONE);
        double boosted = rate(model, q -> Fixtures.turn("Worker", q.prompt(),
                        new PastTurn("Thinker", "sim-b", "Plan: add.\n" + SimModel.SOUND_ANALYSIS)),
                (q, r) -> r.contains(boxed(q.gold())));
        double plain = rate(model, q -> Fixtures.turn("Worker", q.prompt(),
                        new PastTurn("Thinker", "sim-b", "Plan: add.\n" + SimModel.UNCERTAIN)),
                (q, r) -> r.contains(boxed(q.gold())));
        assertTrue(boosted > 0.80 && boosted < 0.90, "boosted " + boosted); // 0.7 + 0.3 * 0.5
        assertTrue(plain > 0.65 && plain < 0.75, "plain " + plain);
    }

    @Test
    void thinkerGivesSoundAnalysisWithItsSkillAndNeverAnAnswer() {
        SimModel model = model(new RoleSkills(0.3, 0.5, 0.5), Latency.NONE);
        double sound = rate(model, q -> Fixtures.turn("Thinker", q.prompt()), (q, r) -> {
            assertFalse(r.contains("\\boxed") || r.contains("Answer:"), r);
            assertTrue(r.contains(SimModel.SOUND_ANALYSIS) != r.contains(SimModel.UNCERTAIN), r);
            return r.lines().anyMatch(SimModel.SOUND_ANALYSIS::equals);
        });
        assertTrue(sound > 0.25 && sound < 0.35, "sound " + sound);
    }

    @Test
    void perfectVerifierJudgesRightAndWrongAnswers() {
        SimModel verifier = model(new RoleSkills(0.5, 0.5, 1.0), Latency.NONE);
        KeyEntry q = QUESTIONS.get(21);
        String right = "So: The answer is " + boxed("42") + ".";
        String wrong = "So: The answer is " + boxed("45") + ".";
        assertTrue(reply(verifier, Fixtures.turn("Verifier", q.prompt(),
                new PastTurn("Worker", "w", right)), null).startsWith(SimModel.ACCEPT + "\n"));
        assertTrue(reply(verifier, Fixtures.turn("Verifier", q.prompt(),
                new PastTurn("Worker", "w", wrong)), null).startsWith(SimModel.REVISE + "\n"));
        // Only the latest Worker turn counts.
        assertTrue(reply(verifier, Fixtures.turn("Verifier", q.prompt(), new PastTurn("Worker", "w", right),
                new PastTurn("Worker", "w", wrong)), null).startsWith(SimModel.REVISE));
        assertTrue(reply(verifier, Fixtures.turn("Verifier", q.prompt(),
                new PastTurn("Worker", "w", "The answer is " + boxed("42.0") + ".")), null).startsWith(SimModel.ACCEPT),
                "numeric comparison");
        SimModel contrarian = model(new RoleSkills(0.5, 0.5, 0.0), Latency.NONE);
        assertTrue(reply(contrarian, Fixtures.turn("Verifier", q.prompt(),
                new PastTurn("Worker", "w", right)), null).startsWith(SimModel.REVISE));
        assertTrue(reply(contrarian, Fixtures.turn("Verifier", q.prompt(),
                new PastTurn("Worker", "w", wrong)), null).startsWith(SimModel.ACCEPT));
    }

    @Test
    void verifierWithoutWorkerTurnAsksForRevision() {
        SimModel verifier = model(new RoleSkills(0.5, 0.5, 1.0), Latency.NONE);
        String r = reply(verifier, Fixtures.turn("Verifier", QUESTIONS.get(1).prompt(),
                new PastTurn("Thinker", "t", SimModel.SOUND_ANALYSIS)), null);
        assertTrue(r.startsWith(SimModel.REVISE + "\nReason: "), r);
    }

    @Test
    void verifierVerdictsAreRightWithItsSkill() {
        SimModel verifier = model(new RoleSkills(0.5, 0.5, 0.8), Latency.NONE);
        double rightVerdicts = rate(verifier, q -> Fixtures.turn("Verifier", q.prompt(),
                        new PastTurn("Worker", "w", "The answer is " + boxed(q.prompt().length() % 2 == 0
                                ? q.gold() : q.gold() + "1") + ".")),
                (q, r) -> r.startsWith(q.prompt().length() % 2 == 0 ? SimModel.ACCEPT : SimModel.REVISE));
        assertTrue(rightVerdicts > 0.75 && rightVerdicts < 0.85, "right verdicts " + rightVerdicts);
    }

    @Test
    void everyFormatHasARightAndAWrongFormThatTheVerifierReadsBack() {
        SimModel expert = uniform("sim-e", 1.0);
        SimModel novice = uniform("sim-z", 0.0);
        Set<String> wrongLetters = new HashSet<>();
        for (long seed = 0; seed < 30; seed++) {
            wrongLetters.add(SimAnswers.extract(reply(novice, Fixtures.turn("Worker", CHOICE.prompt()), seed),
                    SimAnswerKey.Format.CHOICE));
        }
        assertEquals(Set.of("A", "B", "D"), wrongLetters);
        String[][] rightAndWrong = {
            {reply(expert, Fixtures.turn("Worker", CHOICE.prompt()), null), "Answer: C",
                reply(novice, Fixtures.turn("Worker", CHOICE.prompt()), null), null},
            {reply(expert, Fixtures.turn("Worker", MATH.prompt()), null), boxed(MATH.gold()) + ".",
                reply(novice, Fixtures.turn("Worker", MATH.prompt()), null), boxed(MATH.gold() + "+1") + "."},
            {reply(expert, Fixtures.turn("Worker", CODE.prompt()), null), "```python\n" + CODE.gold() + "\n```",
                reply(novice, Fixtures.turn("Worker", CODE.prompt()), null),
                "```python\n" + CODE.gold() + "\n" + SimAnswers.BROKEN_CODE_LINE + "\n```"},
        };
        List<KeyEntry> queries = List.of(CHOICE, MATH, CODE);
        for (int i = 0; i < queries.size(); i++) {
            String right = rightAndWrong[i][0];
            String wrong = rightAndWrong[i][2];
            assertTrue(right.endsWith(rightAndWrong[i][1]), right);
            assertTrue(rightAndWrong[i][3] == null || wrong.endsWith(rightAndWrong[i][3]), wrong);
            String prompt = queries.get(i).prompt();
            assertTrue(reply(expert, Fixtures.turn("Verifier", prompt, new PastTurn("Worker", "w", right)), null)
                    .startsWith(SimModel.ACCEPT), right);
            assertTrue(reply(expert, Fixtures.turn("Verifier", prompt, new PastTurn("Worker", "w", wrong)), null)
                    .startsWith(SimModel.REVISE), wrong);
        }
    }

    @Test
    void aWrongCodeAnswerIsOneOfTheKeysBrokenVariantsDrawnPerRequest() throws IOException {
        String prompt = "Write sub(a, b).";
        List<String> variants = List.of("def sub(a, b):\n    return a + b", "def sub(a, b):\n    return b - a");
        String line = JSON.writeValueAsString(Map.of("query_hash", Fixtures.sha256(prompt), "category", "code",
                "gold", "def sub(a, b):\n    return a - b", "format", "code", "wrong", variants));
        SimAnswerKey withVariants = SimAnswerKey.load(Files.write(dir.resolve("variants.jsonl"), List.of(line)));
        SimModelSpec spec = new SimModelSpec("sim-z", new Price(0, 0), Latency.NONE, 0.0,
                Map.of("default", new RoleSkills(0.0, 0.0, 0.0)));
        SimModel novice = new SimModel(spec, 7, withVariants);
        SimModel expert = new SimModel(new SimModelSpec("sim-e", new Price(0, 0), Latency.NONE, 0.0,
                Map.of("default", new RoleSkills(1.0, 1.0, 1.0))), 7, withVariants);
        Set<String> drawn = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            String wrong = reply(novice, Fixtures.turn("Worker", prompt), seed);
            String code = SimAnswers.extract(wrong, SimAnswerKey.Format.CODE);
            assertTrue(variants.contains(code), wrong);
            assertEquals(wrong, reply(novice, Fixtures.turn("Worker", prompt), seed), "a pure function of the request");
            drawn.add(code);
            assertTrue(reply(expert, Fixtures.turn("Verifier", prompt, new PastTurn("Worker", "w", wrong)), null)
                    .startsWith(SimModel.REVISE), wrong);
        }
        assertEquals(Set.copyOf(variants), drawn);
    }

    @Test
    void unknownQueryGetsANonAnswer() {
        SimModel model = model(new RoleSkills(1, 1, 1), Latency.NONE);
        assertEquals(SimModel.NO_ANSWER, reply(model, Fixtures.turn("Worker", "Not in the key"), null));
    }

    @Test
    void withoutRolePromptTheModelAnswersAsWorker() {
        SimModel model = model(new RoleSkills(1, 1, 1), Latency.NONE);
        KeyEntry q = QUESTIONS.get(9);
        assertTrue(reply(model, List.of(ChatMessage.user(q.prompt())), null).contains(boxed(q.gold())));
    }

    @Test
    void latencyIsBasePlusJitterBelowTheBound() {
        SimModel model = model(new RoleSkills(0.5, 0.5, 0.5), new Latency(40, 20));
        Set<Long> delays = new HashSet<>();
        for (KeyEntry q : QUESTIONS.subList(0, 300)) {
            long delay = model.respond(ChatRequest.of("sim-a", Fixtures.turn("Worker", q.prompt()))).delayMs();
            assertTrue(delay >= 40 && delay < 60, "delay " + delay);
            delays.add(delay);
        }
        assertEquals(20, delays.size(), "every jitter value occurs");
        assertNotEquals(0, model(new RoleSkills(0.5, 0.5, 0.5), new Latency(5, 0))
                .respond(ChatRequest.of("sim-a", Fixtures.turn("Worker", "x"))).delayMs());
    }
}
