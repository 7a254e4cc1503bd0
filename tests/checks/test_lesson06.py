"""The checks of lesson 06 (`06_capstone_real_hands`), judged on the learners' answers in `answers/lesson06.md`."""

from judging import lesson_tests, read_answers

ANSWERS = read_answers("06")

test_answer, test_scaffold_and_solution, test_answers_cover = lesson_tests("06", ANSWERS)
