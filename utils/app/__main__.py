"""``python -m utils.app``: the web app of lesson 04b's last section (``make demo``)."""

import sys

from .web import main

sys.exit(main())
