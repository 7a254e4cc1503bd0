"""The checks of lesson 03 (`03_asl_cnn`), judged on the learners' answers in `answers/lesson03.md`."""

from judging import lesson_tests, read_answers

ANSWERS = read_answers("03")

test_answer, test_scaffold_and_solution, test_answers_cover = lesson_tests("03", ANSWERS)
