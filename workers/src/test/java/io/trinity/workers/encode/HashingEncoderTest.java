package io.trinity.workers.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.Transcript;
import io.trinity.workers.transcript.Turn;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashingEncoderTest {
  private final HashingEncoder encoder = new HashingEncoder(256);

  @Test
  void sameTranscriptSameRepresentation() {
    Transcript t = Transcript.of("What is 2 + 3?").append(new Turn("m1", Role.WORKER, "The answer is 5."));
    assertArrayEquals(encoder.encode(t), new HashingEncoder(256).encode(t));
  }

  @Test
  void eachBlockHasUnitLengthSoQueryLengthDoesNotDrownTheState() {
    // An empty transcript has the word, shape and state blocks: squared norm near 3
    // when the blocks share no bucket, and never the raw word counts of a long query.
    String longQuery = String.join(" ", java.util.Collections.nCopies(500, "apples and oranges"));
    float[] h = new HashingEncoder(4096).encode(Transcript.of(longQuery));
    double squared = 0;
    for (float v : h) {
      squared += v * v;
    }
    assertEquals(3.0, squared, 0.3);
  }

  @Test
  void differentQueriesAndDifferentStatesDiffer() {
    float[] a = encoder.encode(Transcript.of("Solve for x: 2x = 4"));
    float[] b = encoder.encode(Transcript.of("Which of the following is a mammal?\nA. cat\nB. trout"));
    assertFalse(Arrays.equals(a, b));
    Transcript worked = Transcript.of("Solve for x: 2x = 4").append(new Turn("m1", Role.WORKER, "x = 2"));
    float[] afterWorker = encoder.encode(worked);
    float[] afterAccept = encoder.encode(worked.append(new Turn("m2", Role.VERIFIER, "Verdict: ACCEPT")));
    float[] afterRevise = encoder.encode(worked.append(new Turn("m2", Role.VERIFIER, "Verdict: REVISE")));
    assertFalse(Arrays.equals(a, afterWorker));
    assertFalse(Arrays.equals(afterAccept, afterRevise));
  }

  @Test
  void laterTurnsReuseThePromptsBlocksAndEncodeExactlyAsAFreshEncoder() {
    Transcript first = Transcript.of("Solve for x: 2x = 4");
    Transcript second = first.append(new Turn("m1", Role.THINKER, "Divide by 2."));
    Transcript third = second.append(new Turn("m2", Role.WORKER, "x = 2"));
    float[] turnOne = encoder.encode(first);
    // The caller may change what it got; the next turn's encoding must not see that.
    Arrays.fill(turnOne, 7f);
    for (Transcript t : List.of(first, second, third, second)) {
      assertArrayEquals(new HashingEncoder(256).encode(t), encoder.encode(t), t.toString());
    }
  }

  @Test
  void batchEqualsOneByOne() {
    List<Transcript> ts = List.of(Transcript.of("a b c"), Transcript.of("d e f"));
    float[][] batch = encoder.encodeBatch(ts);
    assertArrayEquals(encoder.encode(ts.get(0)), batch[0]);
    assertArrayEquals(encoder.encode(ts.get(1)), batch[1]);
  }

  @Test
  void rejectsTinyDimension() {
    assertThrows(IllegalArgumentException.class, () -> new HashingEncoder(4));
  }

  @Test
  void withoutWordsOnlyTheShapeOfAQueryCounts() {
    Transcript apples = Transcript.of("Apples cost 3 dollars.");
    Transcript pears = Transcript.of("Pears cost 5 dollars.");
    Transcript options = Transcript.of("Pick one.\nA. cost\nB. dollars");
    HashingEncoder shapesOnly = new HashingEncoder(64, EnumSet.of(FeatureFamily.SHAPES, FeatureFamily.STATE), 0);
    assertArrayEquals(shapesOnly.encode(apples), shapesOnly.encode(pears));
    assertFalse(Arrays.equals(shapesOnly.encode(apples), shapesOnly.encode(options)));
    HashingEncoder all = new HashingEncoder(64);
    assertFalse(Arrays.equals(all.encode(apples), all.encode(pears)));
    assertEquals("hashing-64-shapes-state", shapesOnly.name());
    assertEquals("hashing-64", all.name());
    assertThrows(IllegalArgumentException.class, () -> new HashingEncoder(64, EnumSet.noneOf(FeatureFamily.class), 0));
  }

  @Test
  void theSeedPicksAnotherHashAndZeroIsTheDefault() {
    Transcript query = Transcript.of("What is 12 times 7?");
    HashingEncoder seeded = new HashingEncoder(64, EnumSet.allOf(FeatureFamily.class), 17);
    assertArrayEquals(new HashingEncoder(64).encode(query),
        new HashingEncoder(64, EnumSet.allOf(FeatureFamily.class), 0).encode(query));
    assertFalse(Arrays.equals(new HashingEncoder(64).encode(query), seeded.encode(query)));
    assertEquals("hashing-64-seed17", seeded.name());
  }
}
