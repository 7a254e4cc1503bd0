"""The checks of lesson 01 (`01_mnist`), judged on the learners' answers in `answers/lesson01.md`."""

from judging import lesson_tests, read_answers

ANSWERS = read_answers("01")

test_answer, test_scaffold_and_solution, test_answers_cover = lesson_tests("01", ANSWERS)
