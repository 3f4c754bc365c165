package io.trinity.fitness.grade;

import java.io.Serializable;

/**
 * The verdict on one reply.
 *
 * @param correct   whether the reply's answer matches the gold answer
 * @param extracted the answer read from the reply, or null when none was found
 * @param reason    a short human-readable explanation
 */
public record Grade(boolean correct, String extracted, String reason) implements Serializable {

    static Grade noAnswer(String what) {
        return new Grade(false, null, "no " + what + " found");
    }

    static Grade compared(boolean correct, String extracted, String gold) {
        return new Grade(correct, extracted,
                (correct ? "extracted " + extracted + ", matches " : "extracted " + extracted + ", expected ") + gold);
    }
}
