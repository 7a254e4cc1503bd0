"""The checks of lesson 05 (`05_pretrained_vgg16`), judged on the learners' answers in `answers/lesson05.md`."""

from judging import lesson_tests, read_answers

ANSWERS = read_answers("05")

test_answer, test_scaffold_and_solution, test_answers_cover = lesson_tests("05", ANSWERS)
