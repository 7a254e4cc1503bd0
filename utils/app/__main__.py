"""``python -m utils.app``: the course's web app (``make demo``)."""
import sys

from .web import main

sys.exit(main())
