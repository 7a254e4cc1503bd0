"""The course's tools (no lesson): running and handing out the notebooks, the benchmark and the original
course's loop it times, screenshots in a real browser, and ``make data``. Tools may import anything in
the package; nothing in it imports them.
"""
