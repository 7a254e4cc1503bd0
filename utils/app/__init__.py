"""The course's models in use: the web app (``python -m utils.app``, ``make demo``) and the command line
(``python -m utils.app.read_signs``), both of lesson 04b's last section, on lessons 04a-06's saved models.

``readers`` holds what both read photos with (the saved models, the tabs' handlers), ``web`` the page,
``read_signs`` the command line. Nothing in the lessons imports this package.
"""
