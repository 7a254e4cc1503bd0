"""``make lab``'s own settings (utils.tools.lab), without a browser: the defaults it gives JupyterLab name settings
that JupyterLab 4 has, with values it accepts, and ``make lab`` starts JupyterLab through them. (That the news
question then never comes up is seen in the browser, in test_lab.py.)"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from jupyterlab.commands import get_app_dir

from utils.plumbing.settings import REPO_ROOT
from utils.tools import lab


def test_the_defaults_name_real_jupyterlab_settings_with_accepted_values():
    overrides = json.loads((lab.LAB_CONFIG / "labconfig" / "default_setting_overrides.json").read_text())
    assert overrides == {
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}
    }
    for plugin, values in overrides.items():
        package, name = plugin.split(":")
        schema = json.loads((Path(get_app_dir()) / "schemas" / package / f"{name}.json").read_text())
        for key, value in values.items():
            spec = schema["properties"][key]
            allowed = [choice["const"] for choice in spec.get("oneOf", [])]
            assert value in allowed if allowed else isinstance(value, bool), (key, value, spec)


def test_make_lab_serves_the_notebooks_with_the_news_and_the_update_check_off(monkeypatch):
    command = lab.lab_command(REPO_ROOT / "notebooks")
    assert command[1:3] == ["-m", "jupyterlab"] and command[-1].endswith("notebooks")
    assert "--LabApp.news_url=None" in command
    assert "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate" in command
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "/somewhere/else")
    assert lab.lab_environment()["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [str(lab.LAB_CONFIG), "/somewhere/else"]
    makefile = (REPO_ROOT / "Makefile").read_text()
    assert re.search(r"^lab: install\n\t\$\(PY\) -m utils\.tools\.lab\b", makefile, re.MULTILINE)
    assert re.search(r"^lab-screenshot: install\n\t\$\(PY\) -m utils\.tools\.lab screenshot$", makefile, re.MULTILINE)
