"""The checks of lesson 04a (`04a_asl_augmentation`), judged on the learners' answers in `answers/lesson04a.md`."""

from judging import lesson_tests, read_answers

ANSWERS = read_answers("04a")

test_answer, test_scaffold_and_solution, test_answers_cover = lesson_tests("04a", ANSWERS)
