package io.trinity.fitness.code;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodeExtractorTest {

    private static Optional<String> extract(String reply) {
        return CodeExtractor.extract(reply);
    }

    @Test
    void takesTheLastPythonBlock() {
        String reply = """
                First try:
                ```python
                def f(): return 0
                ```
                Better:
                ```python
                def f():
                    return 1
                ```
                Output:
                ```
                1
                ```
                """;
        assertEquals(Optional.of("def f():\n    return 1\n"), extract(reply));
    }

    @Test
    void anUntaggedBlockServesWhenNoneIsTaggedPython() {
        assertEquals(Optional.of("print(1)\n"), extract("Code:\n```\nprint(1)\n```\nand a shell line\n```bash\nls\n```"));
    }

    @Test
    void languageTagsAreCaseInsensitiveAndMayCarryAttributes() {
        assertEquals(Optional.of("x = 1\n"), extract("```Python title=\"a.py\"\nx = 1\n```"));
        assertEquals(Optional.of("x = 2\n"), extract("~~~py3\nx = 2\n~~~"));
    }

    @Test
    void blocksInOtherLanguagesOnlyAreNoCode() {
        assertEquals(Optional.empty(), extract("```cpp\nint main() {}\n```"));
        assertEquals(Optional.empty(), extract("```python\n\n```"));
        assertEquals(Optional.empty(), extract("   \n"));
    }

    @Test
    void aBareReplyIsTheCodeWithItsIndentationKept() {
        assertEquals(Optional.of("    return a + b\n"), extract("\n\n    return a + b\n\n"));
        assertEquals(Optional.of("def f():\n    return 1\n"), extract("def f():\n    return 1"));
    }

    @Test
    void aTruncatedFinalBlockRunsToTheEnd() {
        assertEquals(Optional.of("def f():\n    return 1\n"), extract("Sure:\n```python\ndef f():\n    return 1\n"));
    }

    @Test
    void longerFencesMayEncloseShorterOnes() {
        String reply = "````python\ns = '''\n```\n'''\n````";
        assertEquals(Optional.of("s = '''\n```\n'''\n"), extract(reply));
    }

    @Test
    void windowsLineEndsAreNormalised() {
        assertEquals(Optional.of("x = 1\ny = 2\n"), extract("```python\r\nx = 1\r\ny = 2\r\n```\r\n"));
    }
}
