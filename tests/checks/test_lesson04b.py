"""The checks of lesson 04b (`04b_asl_predictions`), judged on the learners' answers in `answers/lesson04b.md`."""

from judging import lesson_tests, read_answers

ANSWERS = read_answers("04b")

test_answer, test_scaffold_and_solution, test_answers_cover = lesson_tests("04b", ANSWERS)
