package io.trinity.workers.episode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.workers.head.Decision;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.Transcript;
import io.trinity.workers.transcript.Turn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselinePoliciesTest {

  @Test
  void theRandomRouterIsUniformOverModelsAndRolesAndAFunctionOfSeedQuestionAndTurn() {
    RandomRouterPolicy router = new RandomRouterPolicy(4, 11);
    Map<Decision, Integer> counts = new HashMap<>();
    List<Decision> firstTurns = new ArrayList<>();
    for (int q = 0; q < 12_000; q++) {
      Decision decision = router.decide(Transcript.of("question " + q));
      counts.merge(decision, 1, Integer::sum);
      firstTurns.add(decision);
    }
    assertEquals(12, counts.size(), "every (model, role) drawn");
    // 1,000 expected per cell; 5 standard deviations is about 150.
    counts.values().forEach(n -> assertTrue(Math.abs(n - 1000) < 150, "cell count " + n));

    assertEquals(firstTurns.get(7), router.decide(Transcript.of("question 7")), "the same question, the same route");
    Transcript later = Transcript.of("question 7").append(new Turn("m", Role.WORKER, "42"));
    int differs = 0;
    int seedsDiffer = 0;
    for (int q = 0; q < 200; q++) {
      Transcript t = Transcript.of("question " + q);
      differs += router.decide(t).equals(router.decide(t.append(new Turn("m", Role.WORKER, "x")))) ? 0 : 1;
      seedsDiffer += router.decide(t).equals(new RandomRouterPolicy(4, 12).decide(t)) ? 0 : 1;
    }
    assertTrue(differs > 150, "later turns draw afresh: " + differs + " of 200 differ");
    assertTrue(seedsDiffer > 150, "another seed is another router: " + seedsDiffer + " of 200 differ");
    assertNotEquals(null, router.decide(later));
  }

  @Test
  void aScriptPlaysItsDecisionsInOrderAndRepeatsTheLast() {
    ScriptedPolicy pipeline = new ScriptedPolicy(List.of(new Decision(2, Role.THINKER), new Decision(2, Role.WORKER),
        new Decision(2, Role.VERIFIER)));
    Transcript t = Transcript.of("q");
    List<Role> roles = new ArrayList<>();
    for (int turn = 0; turn < 4; turn++) {
      Decision decision = pipeline.decide(t);
      assertEquals(2, decision.model());
      roles.add(decision.role());
      t = t.append(new Turn("m", decision.role(), "reply"));
    }
    assertEquals(List.of(Role.THINKER, Role.WORKER, Role.VERIFIER, Role.VERIFIER), roles);
  }
}
