"""Where the web app keeps photos (utils.app.files), without a server: a private folder per run, earlier runs'
leftovers removed, uploads no request used deleted, a file per answer, the most a run keeps. The server's
side (a full disk, signals, other users) is test_classroom.py's."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time

import pytest
from PIL import Image

from utils.app import files as app_files

from helpers import REPO


def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_each_run_gets_a_folder_only_its_user_may_enter(tmp_path):
    base = tmp_path / "base"
    base.mkdir(mode=0o755)
    run = app_files.AppFiles(base)
    assert run.path.parent == base / f"fdl-app-{os.getuid()}" and run.path.name.startswith("run-")
    assert mode(run.user_folder) == 0o700 and mode(run.path) == 0o700
    other = app_files.AppFiles(base)  # a second app at once: a folder of its own, the first one's kept
    assert other.path != run.path and run.path.exists()
    run.close()
    assert not run.path.exists() and other.path.exists()
    other.close()


def test_a_loose_folder_is_tightened_and_a_link_refused(tmp_path):
    loose = tmp_path / f"fdl-app-{os.getuid()}"
    loose.mkdir(mode=0o777)
    os.chmod(loose, 0o777)
    app_files.AppFiles(tmp_path).close()
    assert mode(loose) == 0o700
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / f"fdl-app-{os.getuid()}").mkdir(parents=True)
    (tmp_path / "linked").mkdir()
    os.symlink(elsewhere / f"fdl-app-{os.getuid()}", tmp_path / "linked" / f"fdl-app-{os.getuid()}")
    with pytest.raises(app_files.AppFilesError, match="is not a folder"):
        app_files.AppFiles(tmp_path / "linked")


def test_a_start_removes_what_killed_runs_left_and_keeps_live_ones(tmp_path):
    live = app_files.AppFiles(tmp_path)
    (live.path / "photo.png").write_bytes(b"x")
    # A run killed with kill -9: its folder and photo stay, and nothing holds its lock any more.
    code = (
        "import os, sys; from utils.app.files import AppFiles; f = AppFiles(sys.argv[1]); "
        "(f.path / 'photo.png').write_bytes(b'x'); print(f.path, flush=True); os.kill(os.getpid(), 9)"
    )
    killed = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    dead = killed.stdout.strip()
    assert killed.returncode == -9 and os.path.exists(os.path.join(dead, "photo.png"))
    new = app_files.AppFiles(tmp_path)
    assert new.leftovers == 1 and not os.path.exists(dead)
    assert (live.path / "photo.png").exists(), "a run still going keeps its files"
    new.close()
    live.close()


def test_the_sweep_deletes_unused_uploads_soon_and_used_ones_after_an_hour(tmp_path):
    run = app_files.AppFiles(tmp_path)
    unused, used = (run.path / ("a" * 64) / "unused.png"), (run.path / ("b" * 64) / "used.png")
    for path in (unused, used):
        path.parent.mkdir()
        path.write_bytes(b"photo")
    assert run.take({"path": str(used), "meta": {"_type": "gradio.FileData"}}) == str(used)
    answer = run.answer_file(Image.new("RGB", (8, 8)), "photo.webp")
    now = time.time()
    assert run.sweep(now) == []  # nothing is old yet
    assert run.sweep(now + app_files.UNUSED_SECONDS + 1) == [unused]
    assert used.exists() and os.path.exists(answer)
    assert set(run.sweep(now + app_files.KEEP_SECONDS + 1)) == {used, type(used)(answer)}
    run.sweep(now + app_files.KEEP_SECONDS + 60)
    assert run.files() == [] and sorted(p.name for p in run.path.iterdir()) == [app_files.LOCK_NAME]
    run.close()


def test_two_identical_answers_never_share_a_file(tmp_path):
    run = app_files.AppFiles(tmp_path)
    picture = Image.new("RGB", (30, 30), (10, 20, 30))
    first, second = run.answer_file(picture, "seen.png"), run.answer_file(picture, "seen.png")
    assert first != second and open(first, "rb").read() == open(second, "rb").read()
    assert run.answer_file(None, "seen.png") is None
    run.close()


def test_the_run_keeps_at_most_max_held_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(app_files, "MAX_HELD_BYTES", 3000)
    run = app_files.AppFiles(tmp_path)
    paths = []
    for i in range(3):
        paths.append(run.path / f"{i:064x}" / "photo.png")
        paths[-1].parent.mkdir()
        paths[-1].write_bytes(b"x" * 1000)
        os.utime(paths[-1])
        time.sleep(0.01)
    run.sweep()  # what the run holds is counted by each sweep (none of these is old enough to go)
    assert run.held_bytes() == 3000
    assert run.upload_problem(1500) is None  # room is made: the oldest photos go first
    assert [p.exists() for p in paths] == [False, False, True]
    status, message = run.upload_problem(app_files.MAX_UPLOAD_BYTES + 2**20)
    assert status == 413 and "MB" in message and "\n" not in message
    run.close()


def test_an_upload_lists_the_run_only_near_its_limit(tmp_path, monkeypatch):
    """A classroom's hour leaves thousands of files: listing them for every upload cost ~70 ms each and halved the
    app's throughput. What the run holds is counted by the sweep and kept up to date by uploads and answers."""
    run = app_files.AppFiles(tmp_path)
    for i in range(20):
        (run.path / f"{i:064x}").mkdir()
        (run.path / f"{i:064x}" / "photo.png").write_bytes(b"x" * 1000)
    run.sweep()
    listed = []
    monkeypatch.setattr(run, "files", lambda: listed.append(1) or [])
    assert [run.upload_problem(2000) for _ in range(5)] == [None] * 5 and listed == []
    assert run.answer_file(Image.new("L", (8, 8)), "seen.png") is not None
    assert 30_000 < run.held < 31_000  # the 20 photos, 5 uploads and the answer's picture
    monkeypatch.setattr(app_files, "MAX_HELD_BYTES", 32_000)
    assert run.upload_problem(2000) is None and listed == [1]  # near the limit: the folder is looked at
    run.close()


def test_a_file_that_goes_while_the_run_is_listed_breaks_nothing(tmp_path, monkeypatch):
    """Gradio renames an upload's temporary file while the guard of another upload lists the folder."""
    monkeypatch.setattr(app_files, "MAX_HELD_BYTES", 10)
    run = app_files.AppFiles(tmp_path)
    (run.path / "tmpgoing").write_bytes(b"x" * 100)
    stat_of, looked = type(run.path).stat, []

    def vanishing(path, *args, **kwargs):  # there when listed and looked at once more, gone after that
        if path.name == "tmpgoing":
            looked.append(path)
            if len(looked) > 2:
                raise FileNotFoundError(2, "No such file or directory", str(path))
        return stat_of(path, *args, **kwargs)

    monkeypatch.setattr(type(run.path), "stat", vanishing)
    assert run.upload_problem(100) is None and run.sweep() == []
    run.close()


def test_a_folder_that_goes_while_the_run_is_listed_breaks_nothing(tmp_path, monkeypatch):
    """An answer's folder (or an upload's) removed by another request between the listing of its parent and its own."""
    run = app_files.AppFiles(tmp_path)
    (run.path / app_files.ANSWERS / "going").mkdir(parents=True)
    (run.path / app_files.ANSWERS / "going" / "photo.webp").write_bytes(b"x" * 100)
    scandir = os.scandir

    def vanishing(path="."):
        if not isinstance(path, int) and os.path.basename(path) == "going":  # shutil.rmtree lists by descriptor
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", vanishing)
    assert run.files() == [] and run.held_bytes() == 0 and run.upload_problem(100) is None and run.sweep() == []
    run.close()
