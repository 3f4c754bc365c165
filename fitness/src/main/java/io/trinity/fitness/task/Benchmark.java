package io.trinity.fitness.task;

import com.fasterxml.jackson.databind.JsonNode;
import io.trinity.fitness.code.CodeTests;
import io.trinity.fitness.code.LiveCodeBenchCases;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The benchmarks whose JSON Lines files can be loaded as tasks, each with its own schema. */
public enum Benchmark {

    /** {@code {"question","answer"}}; the answer's last line is {@code #### <number>}. */
    GSM8K("gsm8k", AnswerFormat.NUMBER) {
        private final Pattern finalLine = Pattern.compile("####\\s*(\\S.*?)\\s*$");

        @Override
        Task toTask(Row row) {
            Matcher matcher = finalLine.matcher(row.text("answer"));
            if (!matcher.find()) {
                throw row.invalid("answer", "a solution ending with a line '#### <number>'");
            }
            String gold = matcher.group(1).replace(",", "");
            return task(lineId(row), row.text("question"), gold);
        }
    },

    /** MATH-500: {@code {"problem","solution","answer","subject","level"}}. */
    MATH("math", AnswerFormat.MATH) {
        @Override
        Task toTask(Row row) {
            return task(lineId(row), row.text("problem"), nonBlank(row, "answer"));
        }
    },

    /** {@code {"id","problem","answer",...}}; answers are integers 0-999, sometimes zero-padded. */
    AIME("aime", AnswerFormat.NUMBER) {
        private final Pattern integer = Pattern.compile("\\s*(\\d+)\\s*");

        @Override
        Task toTask(Row row) {
            Matcher matcher = integer.matcher(row.text("answer"));
            if (!matcher.matches()) {
                throw row.invalid("answer", "a non-negative integer string");
            }
            String gold = new BigInteger(matcher.group(1)).toString();
            return task(wireName() + "/" + row.integer("id"), row.text("problem"), gold);
        }
    },

    /** The cais/mmlu schema: {@code {"question","subject","choices":[4 strings],"answer":0-3}}. */
    MMLU("mmlu", AnswerFormat.CHOICE) {
        @Override
        Task toTask(Row row) {
            List<String> choices = row.texts("choices");
            if (choices.size() != 4) {
                throw row.invalid("choices", "an array of exactly 4 strings");
            }
            int answer = row.integer("answer");
            if (answer < 0 || answer >= choices.size()) {
                throw row.invalid("answer", "an integer from 0 to 3");
            }
            return task(lineId(row), choicePrompt(row.text("question"), choices), String.valueOf(letter(answer)));
        }
    },

    /**
     * GPQA's columns: {@code {"Question","Correct Answer","Incorrect Answer 1","Incorrect Answer 2",
     * "Incorrect Answer 3"}}, optionally {@code "Record ID"}. The four options are shuffled by a seed taken from the
     * question, so the gold letter is spread over A-D yet the same in every run.
     */
    GPQA("gpqa", AnswerFormat.CHOICE) {
        @Override
        Task toTask(Row row) {
            String question = nonBlank(row, "Question");
            List<String> answers = List.of(nonBlank(row, "Correct Answer"), nonBlank(row, "Incorrect Answer 1"),
                    nonBlank(row, "Incorrect Answer 2"), nonBlank(row, "Incorrect Answer 3"));
            // Positions, not texts, are shuffled, so the gold stays right even where two options read alike.
            List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
            Collections.shuffle(order, new Random(seedOf(question)));
            List<String> options = order.stream().map(answers::get).toList();
            String id = row.has("Record ID") ? wireName() + "/" + row.text("Record ID") : lineId(row);
            return task(id, choicePrompt(question, options), String.valueOf(letter(order.indexOf(0))));
        }
    },

    /**
     * Users' own tasks, one JSON object per line (README, "Task files and grading"): {@code "prompt"} and
     * {@code "answer"} (a string or a number) are required; {@code "id"}, {@code "category"}, {@code "format"}
     * ("math" by default, "number" or "choice") and {@code "choices"} (then the format is "choice", and the answer
     * is the option's letter or its 0-based index) are optional. Other fields are errors, so a misspelt key is
     * never ignored.
     */
    CUSTOM("custom", AnswerFormat.MATH) {
        private final Set<String> fields = Set.of("id", "prompt", "answer", "format", "choices", "category");
        private final Pattern number = Pattern.compile(
                "[+-]?(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?|[+-]?\\.\\d+|[+-]?\\d+/\\d+");

        @Override
        Task toTask(Row row) {
            row.onlyFields(fields);
            String id = row.has("id") ? row.textOrNumber("id") : lineId(row);
            if (id.isBlank()) {
                throw row.invalid("id", "a non-empty string or a number");
            }
            String prompt = nonBlank(row, "prompt");
            String answer = row.textOrNumber("answer").strip();
            if (answer.isEmpty()) {
                throw row.invalid("answer", "a non-empty answer");
            }
            AnswerFormat format = row.has("format") ? format(row) : row.has("choices") ? AnswerFormat.CHOICE
                    : AnswerFormat.MATH;
            String category = row.optionalText("category").filter(c -> !c.isBlank()).orElse(wireName());
            if (format == AnswerFormat.CHOICE) {
                List<String> choices = row.texts("choices");
                if (choices.size() < 2 || choices.size() > LETTERS.length()) {
                    throw row.invalid("choices", "an array of 2 to " + LETTERS.length() + " strings");
                }
                int index = choiceIndex(row, answer, choices.size());
                return new Task(id, wireName(), category, choicePrompt(prompt, choices),
                        String.valueOf(letter(index)), format);
            }
            if (row.has("choices")) {
                throw row.invalid("choices", "no choices unless the format is \"choice\"");
            }
            if (format == AnswerFormat.NUMBER && !number.matcher(answer).matches()) {
                throw row.invalid("answer", "a number (such as 42, -3.5, 1,250 or 3/4) for format \"number\"");
            }
            return new Task(id, wireName(), category, prompt, answer, format);
        }

        private AnswerFormat format(Row row) {
            String name = row.text("format");
            if (name.equals("code")) {
                throw row.invalid("format", "\"math\", \"number\" or \"choice\" (code tasks need a benchmark "
                        + "with tests, such as humaneval or mbpp)");
            }
            try {
                return AnswerFormat.fromWireName(name);
            } catch (IllegalArgumentException e) {
                throw row.invalid("format", "\"math\", \"number\" or \"choice\"");
            }
        }

        private int choiceIndex(Row row, String answer, int count) {
            if (answer.matches("\\d+")) {
                int index = Integer.parseInt(answer);
                if (index < count) {
                    return index;
                }
            } else if (answer.length() == 1 && LETTERS.indexOf(answer.charAt(0)) >= 0
                    && LETTERS.indexOf(answer.charAt(0)) < count) {
                return LETTERS.indexOf(answer.charAt(0));
            }
            throw row.invalid("answer", "the correct option's letter (A-" + letter(count - 1)
                    + ") or its 0-based index (0-" + (count - 1) + ")");
        }
    },

    /**
     * Tasks exactly as this project holds them, one per line ({@link TaskRecords}): what a training run writes as
     * its held-out split, so that {@code trinity evaluate} scores the very questions training held out.
     */
    TRINITY("trinity", AnswerFormat.MATH) {
        private final Set<String> fields = Set.of("id", "benchmark", "category", "prompt", "gold", "format",
                "code_tests");

        @Override
        Task toTask(Row row) {
            row.onlyFields(fields);
            AnswerFormat format;
            try {
                format = AnswerFormat.fromWireName(row.text("format"));
            } catch (IllegalArgumentException e) {
                throw row.invalid("format", "one of number, choice, math, code");
            }
            CodeTests tests = null;
            if (row.has("code_tests")) {
                JsonNode node = row.object("code_tests");
                try {
                    tests = TaskRecords.codeTests(node);
                } catch (IllegalArgumentException e) {
                    throw row.invalid("code_tests", "the tests of a code task (" + e.getMessage() + ")");
                }
            }
            try {
                return new Task(row.text("id"), row.text("benchmark"), row.text("category"), row.text("prompt"),
                        row.text("gold"), format, tests);
            } catch (IllegalArgumentException e) {
                throw row.invalid("code_tests", e.getMessage());
            }
        }
    },

    /**
     * {@code {"task_id","prompt","entry_point","canonical_solution","test"}}, usually gzip-compressed. The tests
     * are {@code test} then {@code check(entry_point)}; the gold is the canonical body that follows the prompt.
     */
    HUMANEVAL("humaneval", AnswerFormat.CODE) {
        @Override
        Task toTask(Row row) {
            String prompt = row.text("prompt");
            String entryPoint = identifier(row, "entry_point");
            String check = row.text("test") + "\n\ncheck(" + entryPoint + ")\n";
            return task(row.text("task_id"), prompt, row.text("canonical_solution"),
                    CodeTests.asserts(prompt, check, entryPoint));
        }
    },

    /** MBPP sanitized: {@code {"prompt","code","test_list","test_imports",...}}; the asserts are the tests. */
    MBPP("mbpp", AnswerFormat.CODE) {
        @Override
        Task toTask(Row row) {
            List<String> tests = row.texts("test_list");
            if (tests.isEmpty()) {
                throw row.invalid("test_list", "at least one assert");
            }
            // The first assert fixes the function's name and signature, which the task text alone does not.
            String prompt = row.text("prompt") + "\nYour code should pass this test:\n" + tests.get(0);
            String imports = String.join("\n", row.texts("test_imports"));
            return task(lineId(row), prompt, row.text("code"),
                    CodeTests.asserts(imports, String.join("\n", tests), testedFunction(tests.get(0))));
        }
    },

    /**
     * LiveCodeBench {@code code_generation_lite}: {@code {"question_id","question_content","starter_code",
     * "public_test_cases","private_test_cases","metadata",...}}. The cases are stdin/stdout or, for LeetCode,
     * calls of {@code metadata.func_name}; the data set has no reference solutions, so the gold is empty.
     */
    LIVECODEBENCH("livecodebench", AnswerFormat.CODE) {
        @Override
        Task toTask(Row row) {
            String id = wireName() + "/" + nonBlank(row, "question_id");
            LiveCodeBenchCases.Decoded decoded;
            try {
                decoded = LiveCodeBenchCases.decode(row.text("public_test_cases"), row.text("private_test_cases"));
            } catch (IllegalArgumentException e) {
                throw row.invalid("private_test_cases", "LiveCodeBench test cases (" + e.getMessage() + ")");
            }
            String question = row.text("question_content");
            if (!decoded.functional()) {
                return task(id, question + LIVECODEBENCH_STDIN, "",
                        CodeTests.stdinStdout(LIVECODEBENCH_IMPORTS, decoded.cases()));
            }
            String function = row.jsonText("metadata").path("func_name").asText("");
            if (!IDENTIFIER.matcher(function).matches()) {
                throw row.invalid("metadata", "a JSON object with the 'func_name' the functional tests call");
            }
            String prompt = question + LIVECODEBENCH_STARTER.formatted(row.text("starter_code").stripTrailing());
            return task(id, prompt, "", CodeTests.functionCall(LIVECODEBENCH_IMPORTS, function, decoded.cases()));
        }
    };

    /** Option labels in order; choice tasks have at most this many options. */
    static final String LETTERS = "ABCDEFGHIJ";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CALL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    /** Wrappers MBPP asserts put around the tested call ({@code assert set(f(x)) == ...}). */
    private static final Set<String> ASSERT_WRAPPERS = Set.of("set", "sorted", "list", "tuple", "abs", "round",
            "str", "int", "float", "len", "frozenset", "dict", "sum", "max", "min", "isclose", "all", "any", "bool",
            "type", "isinstance", "map", "filter", "zip", "range", "enumerate", "reversed");

    /** The imports LiveCodeBench's harness puts before every solution (lcb_runner/evaluation/testing_util.py). */
    private static final String LIVECODEBENCH_IMPORTS = """
            from string import *
            from re import *
            from datetime import *
            from collections import *
            from heapq import *
            from bisect import *
            from copy import *
            from math import *
            from random import *
            from statistics import *
            from itertools import *
            from functools import *
            from operator import *
            from io import *
            from sys import *
            from json import *
            from builtins import *
            from typing import *
            import string
            import re
            import datetime
            import collections
            import heapq
            import bisect
            import copy
            import math
            import random
            import statistics
            import itertools
            import functools
            import operator
            import io
            import sys
            import json
            sys.setrecursionlimit(50000)
            """;
    private static final String LIVECODEBENCH_STDIN = """


            Read the inputs from stdin, solve the problem and write the answer to stdout (do not directly test on \
            the sample inputs). Enclose your code within delimiters as follows. Ensure that when the python program \
            runs, it reads the inputs, runs the algorithm and writes output to STDOUT.
            ```python
            # YOUR CODE HERE
            ```""";
    private static final String LIVECODEBENCH_STARTER = """


            You will use the following starter code to write the solution to the problem and enclose your code \
            within delimiters.
            ```python
            %s
            ```""";

    private final String wireName;
    private final AnswerFormat format;

    Benchmark(String wireName, AnswerFormat format) {
        this.wireName = wireName;
        this.format = format;
    }

    /** The lower-case name used in task ids and as {@link Task#benchmark()} ("gsm8k", "math", ...). */
    public String wireName() {
        return wireName;
    }

    /** The answer format of its tasks; for {@link #CUSTOM}, the default for rows that name none. */
    public AnswerFormat format() {
        return format;
    }

    /** Case-insensitive; "math500" names {@link #MATH}. */
    public static Benchmark fromName(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        if (key.equals("math500")) {
            return MATH;
        }
        for (Benchmark benchmark : values()) {
            if (benchmark.wireName.equals(key)) {
                return benchmark;
            }
        }
        throw new IllegalArgumentException("unknown benchmark '" + name + "'; expected one of "
                + Arrays.stream(values()).map(Benchmark::wireName).collect(Collectors.joining(", "))
                + " (or math500)");
    }

    /**
     * Reads this benchmark's JSON Lines (plain or gzip) into tasks; blank lines are skipped.
     *
     * @throws TaskFormatException naming {@code sourceName:line} and the field when a line does not fit the schema
     */
    public List<Task> load(InputStream in, String sourceName) {
        return JsonLines.read(in, sourceName, this::toTask);
    }

    abstract Task toTask(Row row);

    Task task(String id, String prompt, String gold) {
        return new Task(id, wireName, wireName, prompt, gold, format);
    }

    Task task(String id, String prompt, String gold, CodeTests tests) {
        return new Task(id, wireName, wireName, prompt, gold, format, tests);
    }

    String lineId(Row row) {
        return wireName + "/" + row.lineNumber();
    }

    /** The question followed by one "X. option" line per option. */
    static String choicePrompt(String question, List<String> options) {
        StringBuilder prompt = new StringBuilder(question);
        for (int i = 0; i < options.size(); i++) {
            prompt.append('\n').append(letter(i)).append(". ").append(options.get(i));
        }
        return prompt.toString();
    }

    static char letter(int index) {
        return LETTERS.charAt(index);
    }

    /** A seed from the text's SHA-256: the same in every run and JVM, and unrelated for similar texts. */
    static long seedOf(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /**
     * The function an MBPP assert tests: the first call that is not a common wrapper, else the first call (a task
     * may name its function {@code sum}); empty when the assert calls nothing. On the sanitized test split this is
     * the reference's function in 257 of 257 rows.
     */
    static String testedFunction(String assertion) {
        Matcher call = CALL.matcher(assertion);
        String first = "";
        while (call.find()) {
            if (!ASSERT_WRAPPERS.contains(call.group(1))) {
                return call.group(1);
            }
            first = first.isEmpty() ? call.group(1) : first;
        }
        return first;
    }

    static String identifier(Row row, String field) {
        String value = row.text(field);
        if (!IDENTIFIER.matcher(value).matches()) {
            throw row.invalid(field, "a Python identifier");
        }
        return value;
    }

    static String nonBlank(Row row, String field) {
        String value = row.text(field);
        if (value.isBlank()) {
            throw row.invalid(field, "a non-empty string");
        }
        return value;
    }
}
