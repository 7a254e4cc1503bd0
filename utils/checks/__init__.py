"""The exercises' checks: the shared machinery (``core``), then one module per lesson, each importing only
lesson modules and earlier lessons' checks. A notebook imports its lesson's module as ``check``
(``from utils.checks import lesson02 as check``) and calls one check per exercise, e.g.
``check.label_mapping(kaggle_to_index)``.
"""
