"""Writes livecodebench_sample.jsonl: two made-up problems in the schema of LiveCodeBench
code_generation_lite, with private tests encoded the way its newer releases are (base64 of zlib of a
pickled JSON string). Run with /usr/bin/python3 from this folder."""
import base64
import json
import pickle
import zlib


def encoded(cases):
    return base64.b64encode(zlib.compress(pickle.dumps(json.dumps(cases)))).decode("ascii")


stdin_problem = {
    "question_title": "Sum of Two",
    "question_content": "You are given two integers A and B on one line. Print A+B, then A*B on the next line.",
    "platform": "atcoder",
    "question_id": "abc000_a",
    "contest_id": "abc000",
    "contest_date": "2024-01-01T00:00:00",
    "starter_code": "",
    "difficulty": "easy",
    "public_test_cases": json.dumps([{"input": "1 2\n", "output": "3\n2\n", "testtype": "stdin"}]),
    "private_test_cases": encoded([
        {"input": "10 20\n", "output": "30\n200\n", "testtype": "stdin"},
        {"input": "-5 5\n", "output": "0\n-25\n", "testtype": "stdin"},
    ]),
    "metadata": "{}",
}
functional_problem = {
    "question_title": "Two Sum Indices",
    "question_content": "Given nums and target, return the indices of the two numbers that add up to target.",
    "platform": "leetcode",
    "question_id": "9001",
    "contest_id": "weekly-contest-0",
    "contest_date": "2024-01-02T00:00:00",
    "starter_code": "class Solution:\n    def twoSum(self, nums: List[int], target: int) -> List[int]:\n        ",
    "difficulty": "easy",
    "public_test_cases": json.dumps([{"input": "[2, 7, 11, 15]\n9", "output": "[0, 1]", "testtype": "functional"}]),
    "private_test_cases": encoded([
        {"input": "[3, 2, 4]\n6", "output": "[1, 2]", "testtype": "functional"},
        {"input": "[3, 3]\n6", "output": "[0, 1]", "testtype": "functional"},
    ]),
    "metadata": json.dumps({"func_name": "twoSum"}),
}
with open("livecodebench_sample.jsonl", "w", encoding="utf-8") as out:
    for problem in (stdin_problem, functional_problem):
        out.write(json.dumps(problem) + "\n")
