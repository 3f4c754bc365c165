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
    void aUsageExampleAfterTheSolutionIsSkippedWhenTheFunctionNameIsKnown() {
        String reply = """
                ```python
                def add(a, b):
                    return a + b
                ```
                Example:
                ```python
                print(add(1, 2))
                ```
                """;
        assertEquals(Optional.of("def add(a, b):\n    return a + b\n"), CodeExtractor.extract(reply, "add"));
        assertEquals(Optional.of("print(add(1, 2))\n"), CodeExtractor.extract(reply, ""));
        assertEquals(Optional.of("print(add(1, 2))\n"), CodeExtractor.extract(reply, "other"));
        String method = "```python\nclass Solution:\n    async def twoSum(self):\n        pass\n```\n"
                + "```python\nx = 1\n```";
        assertEquals(Optional.of("class Solution:\n    async def twoSum(self):\n        pass\n"),
                CodeExtractor.extract(method, "twoSum"));
    }

    @Test
    void anUntaggedBlockServesWhenNoneIsTaggedPython() {
        assertEquals(Optional.of("print(1)\n"),
                extract("Code:\n```\nprint(1)\n```\nand a shell line\n```bash\nls\n```"));
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
        assertEquals(Optional.of("x = 1\n"), extract("```python\nx = 1\n```\n```python\n\n```"));
        assertEquals(Optional.empty(), extract("   \n"));
    }

    @Test
    void aBareReplyIsTheCodeWithItsIndentationKept() {
        assertEquals(Optional.of("    return a + b\n"), extract("\n\n    return a + b\n\n"));
        assertEquals(Optional.of("def f():\n    return 1\n"), extract("def f():\n    return 1"));
    }

    @Test
    void aFenceInsideAListItemLosesTheItemsIndentation() {
        String reply = "1. Define it:\n\n    ```python\n    def f():\n        return 1\n    ```\n2. Done.";
        assertEquals(Optional.of("def f():\n    return 1\n"), extract(reply));
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
