"""The checks of lesson 02 (`02_asl`), judged on the learners' answers in `answers/lesson02.md`."""

from judging import lesson_tests, read_answers

ANSWERS = read_answers("02")

test_answer, test_scaffold_and_solution, test_answers_cover = lesson_tests("02", ANSWERS)
