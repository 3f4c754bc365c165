package io.trinity.fitness.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BrokenVariantsTest {

    private static final String BODY = """
                for i in range(len(xs)):
                    if xs[i] < limit and xs[i] != 0:
                        total = total + xs[i]
                        count += 1
                return total == 0
            """;

    @Test
    void eachMutationIsOneDocumentedEditInOrder() {
        List<String> variants = BrokenVariants.of(BODY);
        assertEquals(List.of(
                BODY.replace("xs[i] < limit", "xs[i] <= limit"),
                BODY.replace("xs[i] != 0", "xs[i] == 0"),
                BODY.replace("range(len(xs))", "range(len(xs) - 1)"),
                BODY.replace("total + xs[i]", "total - xs[i]"),
                BODY.replace(" and ", " or "),
                BODY.replace("            total = total + xs[i]\n", "")), variants);
    }

    @Test
    void stringsAndCommentsAreLeftAlone() {
        String code = "def f(s):\n    # a < b here\n    return s.count('<') + len(\"a == b\")\n";
        for (String variant : BrokenVariants.of(code)) {
            assertTrue(variant.contains("'<'") && variant.contains("\"a == b\"") && variant.contains("# a < b"),
                    variant);
        }
        assertEquals(List.of(code.replace(") + len", ") - len")), BrokenVariants.of(code));
    }

    @Test
    void theRangeBoundIsTheStopNotTheStep() {
        assertEquals("for i in range(n - 1, -1 - 1, -1):\n    pass\n",
                BrokenVariants.of("for i in range(n - 1, -1, -1):\n    pass\n").stream()
                        .filter(v -> v.contains("-1 - 1")).findFirst().orElseThrow());
    }

    @Test
    void theFallbackFitsABodyOrAWholeProgram() {
        assertEquals("    return None\n", BrokenVariants.fallback("    return a + b\n", "add"));
        assertEquals("def add(a, b):\n    return a + b\n\n\ndef add(*args, **kwargs):\n    return None\n",
                BrokenVariants.fallback("def add(a, b):\n    return a + b\n", "add"));
    }

    @Test
    void variantsArePureFunctionsOfTheSource() {
        assertEquals(BrokenVariants.of(BODY), BrokenVariants.of(BODY));
        assertEquals(List.of(), BrokenVariants.of("    return xs\n"));
    }
}
