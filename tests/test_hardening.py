"""What a careless or hostile user can do through the documented commands and settings, and what must happen.

Phone photos stored sideways, downloads that stop half-way or trickle, two processes repairing one file,
model files that lie about what they hold, settings with odd values: each ends in the right result or
in one clear line, never in a traceback or a file that looks fine but is not.
"""
from __future__ import annotations

import http.server
import io
import os
import socketserver
import stat
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from utils import config, downloads, images, models
from utils.atomic import STALE_PARTIAL_S, atomic_write
from utils.registry import DataFile, Source

from helpers import sha256_bytes

REPO = Path(__file__).resolve().parent.parent
PAYLOAD = b"fdl hardening payload\n" * 4000


# --------------------------------------------------------------------------------------------------------
# 1. EXIF orientation

# The transpose that stores an upright picture so that a viewer applying orientation ``k`` shows it upright.
STORED_AS = {1: None, 2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
             4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90,
             7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_270}


@pytest.mark.parametrize("orientation", sorted(STORED_AS))
def test_every_exif_orientation_opens_upright(tmp_path, orientation):
    rng = np.random.default_rng(0)
    upright = Image.fromarray(rng.integers(0, 256, size=(30, 50, 3), dtype=np.uint8), "RGB")  # 50 wide, 30 high
    stored = upright if STORED_AS[orientation] is None else upright.transpose(STORED_AS[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    path = tmp_path / f"o{orientation}.png"
    stored.save(path, exif=exif)
    opened = images.open_image(path)
    assert opened.size == upright.size
    assert np.array_equal(np.asarray(opened), np.asarray(upright))


# --------------------------------------------------------------------------------------------------------
# 2-4. Downloads


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves ``PAYLOAD``-like bodies in the ways a broken server does; the behaviour is in the path."""

    body = PAYLOAD

    def log_message(self, *args):
        pass

    def do_GET(self):
        kind = self.path.strip("/").split("/")[0]
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        if kind == "short":  # promises the whole body, sends half, hangs up
            self.wfile.write(self.body[: len(self.body) // 2])
        elif kind == "trickle":  # one byte every 0.3 s
            for byte in self.body[:40]:
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.3)
        else:
            self.wfile.write(self.body)


@pytest.fixture
def bad_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_short_download_is_never_kept(data_home, bad_server):
    entry = DataFile("sets/p.bin", sha256_bytes(PAYLOAD), Source("data/none"), Source(bad_server + "/short/p.bin"))
    with pytest.raises(downloads.DataError) as err:
        downloads.fetch(entry)
    assert "incomplete download" in str(err.value) and "sets/p.bin" in str(err.value)
    assert list((data_home / "data").rglob("*p.bin*")) == []


def test_a_truncated_zip_is_not_cached_and_a_broken_cached_one_is_fetched_again(data_home, http_server, capsys):
    site = data_home / "site"
    site.mkdir()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("train.csv", PAYLOAD)
    whole = buf.getvalue()
    (site / "a.zip").write_bytes(whole[: len(whole) // 2])  # a server without Content-Length sent half
    entry = DataFile("asl/train.csv", sha256_bytes(PAYLOAD), Source("data/none"), Source(http_server(site) + "/a.zip", "zip"))
    with pytest.raises(downloads.DataError, match="not a complete zip archive"):
        downloads.fetch(entry)
    assert not any((data_home / "data" / ".downloads").glob("*.zip"))
    # an archive cached by an older version, broken: removed and fetched again
    (site / "a.zip").write_bytes(whole)
    cached = downloads._archive_path(entry.upstream)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(whole[:100])
    assert downloads.fetch(entry).read_bytes() == PAYLOAD
    assert str(cached) in capsys.readouterr().out


def test_a_trickling_server_is_given_up_and_the_next_source_used(data_home, bad_server, http_server, monkeypatch):
    monkeypatch.setattr(downloads, "GRACE_S", 1.0)
    monkeypatch.setattr(downloads, "MIN_RATE", 100)
    site = data_home / "site"
    site.mkdir()
    (site / "p.bin").write_bytes(PAYLOAD)
    monkeypatch.setenv("FDL_MIRROR", bad_server + "/trickle/")
    entry = DataFile("sets/p.bin", sha256_bytes(PAYLOAD), Source("data/p.bin"), Source(http_server(site) + "/p.bin"))
    start = time.monotonic()
    assert downloads.fetch(entry).read_bytes() == PAYLOAD  # from the upstream, after giving up on the mirror
    assert time.monotonic() - start < 8


def test_a_trickling_only_source_fails_with_the_file_the_source_and_fdl_mirror(data_home, bad_server, monkeypatch):
    monkeypatch.setattr(downloads, "GRACE_S", 1.0)
    monkeypatch.setattr(downloads, "MIN_RATE", 100)
    entry = DataFile("sets/p.bin", sha256_bytes(PAYLOAD), Source("data/p.bin"), Source(bad_server + "/trickle/p.bin"))
    with pytest.raises(downloads.DataError) as err:
        downloads.fetch(entry)
    message = str(err.value)
    assert "too slow" in message and "sets/p.bin" in message and "/trickle/p.bin" in message
    assert "FDL_MIRROR" in message


def test_two_repairs_of_one_damaged_file_both_end_well(data_home, monkeypatch):
    """The second process finds the damaged file already gone (the first removed it): no traceback."""
    mirror = data_home / "mirror"
    (mirror / "data").mkdir(parents=True)
    (mirror / "data" / "p.bin").write_bytes(PAYLOAD)
    monkeypatch.setenv("FDL_MIRROR", str(mirror))
    target = data_home / "data" / "sets" / "p.bin"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"damaged")
    real_sha = downloads.sha256_of
    looked = []

    def racing(path):
        digest = real_sha(path)
        if not looked:  # while we hash the damaged file, another process removes it
            looked.append(path)
            Path(path).unlink()
        return digest

    monkeypatch.setattr(downloads, "sha256_of", racing)
    entry = DataFile("sets/p.bin", sha256_bytes(PAYLOAD), Source("data/p.bin"))
    assert downloads.fetch(entry, quiet=True).read_bytes() == PAYLOAD


def test_two_processes_fetch_the_same_damaged_file_at_once(data_home, monkeypatch):
    mirror = data_home / "mirror"
    (mirror / "data").mkdir(parents=True)
    (mirror / "data" / "p.bin").write_bytes(PAYLOAD * 50)
    target = data_home / "data" / "sets" / "p.bin"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"damaged")
    code = ("from utils import downloads; from utils.registry import DataFile, Source; import sys; "
            f"e = DataFile('sets/p.bin', {sha256_bytes(PAYLOAD * 50)!r}, Source('data/p.bin')); "
            "print(downloads.fetch(e, quiet=True).stat().st_size)")
    env = {**os.environ, "FDL_MIRROR": str(mirror), "FDL_DATA": str(data_home / "data")}
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [r[1] for r in results]
    assert all("Traceback" not in err for _, err in results)
    assert target.read_bytes() == PAYLOAD * 50


def test_a_small_archive_that_unpacks_to_a_huge_file_stops_early(data_home, monkeypatch):
    import gzip

    mirror = data_home / "mirror"
    (mirror / "data").mkdir(parents=True)
    bomb = gzip.compress(b"\0" * (200 << 20))  # 200 MB of zeros in about 200 kB
    (mirror / "data" / "t.csv.gz").write_bytes(bomb)
    monkeypatch.setenv("FDL_MIRROR", str(mirror))
    entry = DataFile("sets/t.csv", "0" * 64, Source("data/t.csv.gz", "gzip"))
    with pytest.raises(downloads.DataError, match="unpacks to more than"):
        downloads.fetch(entry)
    assert list((data_home / "data").rglob("*.partial")) == []


def test_written_files_get_the_usual_mode_and_stale_partials_go(tmp_path):
    old = tmp_path / ".m.pt.abc123.partial"
    old.write_bytes(b"left by a killed save")
    os.utime(old, (time.time() - STALE_PARTIAL_S - 10,) * 2)
    fresh = tmp_path / ".m.pt.def456.partial"
    fresh.write_bytes(b"another process is writing this right now")
    umask = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "m.pt") as f:
            f.write(b"model")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "m.pt").stat().st_mode) == 0o644
    assert not old.exists() and fresh.exists()


# --------------------------------------------------------------------------------------------------------
# 5. Model files that lie


def predict_cli(capsys, *args):
    """``python -m utils.read_signs ARGS`` in this process: (exit status, stdout, stderr)."""
    from utils import read_signs

    capsys.readouterr()
    try:
        status = read_signs.main([str(a) for a in args])
    except Exception as err:  # what a user would see as a traceback
        status, _ = 1, print(f"Traceback: {type(err).__name__}: {err}", file=sys.stderr)
    out = capsys.readouterr()
    return status, out.out, out.err


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "hand.png"
    Image.new("RGB", (40, 40), (120, 90, 60)).save(path)
    return path


def saved(tmp_path, name, model, **info):
    return models.save_checkpoint(tmp_path / name, model, **info)


BAD_MODELS = {
    "another architecture": lambda t: saved(t, "m.pt", models.dense_net(24), architecture="asl_cnn_blocks",
                                            classes="abcdefghiklmnopqrstuvwxy"),
    "wrong n_classes": lambda t: saved(t, "m.pt", models.asl_cnn_blocks(24), architecture="asl_cnn_blocks",
                                       architecture_args={"n_classes": 10}, classes="abcdefghij"),
    "huge n_classes": lambda t: saved(t, "m.pt", models.dense_net(24), architecture="dense_net",
                                      architecture_args={"n_classes": 100_000_000}),
    "unknown argument": lambda t: saved(t, "m.pt", models.dense_net(24), architecture="dense_net",
                                        architecture_args={"n_classes": 24, "hidden": 512}),
    "info not a dict": lambda t: torch.save({"state_dict": models.dense_net(24).state_dict(), "info": [1, 2]}, t / "m.pt")
                                 or t / "m.pt",
    "too few classes": lambda t: saved(t, "m.pt", models.dense_net(24), architecture="dense_net",
                                       architecture_args={"n_classes": 24}, classes="abc"),
    "too many classes": lambda t: saved(t, "m.pt", models.dense_net(24), architecture="dense_net",
                                        architecture_args={"n_classes": 24}, classes="abcdefghijklmnopqrstuvwxyz"),
    "a transfer model": lambda t: saved(t, "m.pt", models.dense_net(24), architecture="transfer",
                                        architecture_args={"backbone": "squeezenet1_1", "n_outputs": 1}),
    "a symlink loop": lambda t: (os.symlink(t / "loop2.pt", t / "m.pt"), os.symlink(t / "m.pt", t / "loop2.pt"),
                                 t / "m.pt")[-1],
}


@pytest.mark.parametrize("kind", sorted(BAD_MODELS))
def test_a_bad_model_file_gets_one_line_and_status_2(kind, tmp_path, photo, capsys):
    model_path = BAD_MODELS[kind](tmp_path)
    status, _, err = predict_cli(capsys, "--model", model_path, photo)
    assert status == 2, (kind, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "m.pt" in lines[0], (kind, err)


def test_load_transfer_model_refuses_a_sign_language_model(tmp_path):
    from utils.pretrained import load_transfer_model

    path = saved(tmp_path, "asl.pt", models.asl_cnn_blocks(24), architecture="asl_cnn_blocks",
                 architecture_args={"n_classes": 24}, classes="abcdefghiklmnopqrstuvwxy")
    with pytest.raises(models.ModelFileError, match="not one of transfer"):
        load_transfer_model(path)


def test_a_saved_door_model_loads_in_a_fresh_process_with_nothing_else_imported(tmp_path):
    from utils.models import transfer
    from utils.pretrained import TransferModel

    model = transfer("squeezenet1_1")
    assert isinstance(model, TransferModel)
    saved(tmp_path, "door.pt", model, architecture="transfer",
          architecture_args={"backbone": "squeezenet1_1", "n_outputs": 1}, classes=["bo", "not_bo"])
    code = (f"import sys; from utils.models import load_model; assert 'utils.pretrained' not in sys.modules; "
            f"m, i = load_model({str(tmp_path / 'door.pt')!r}); "
            "print(type(m).__name__, i['classes'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "TransferModel ['bo', 'not_bo']" in out.stdout, out.stderr


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path, capsys):
    model = saved(tmp_path, "ok.pt", models.dense_net(24), architecture="dense_net",
                  architecture_args={"n_classes": 24}, classes="abcdefghiklmnopqrstuvwxy")
    odd = tmp_path / "two\nlines.png"
    Image.new("RGB", (40, 40), (200, 180, 160)).save(odd, format="PNG")
    status, out, _ = predict_cli(capsys, "--model", model, odd)
    assert status == 0 and len(out.strip().splitlines()) == 1 and "two\\nlines.png: " in out, out


# --------------------------------------------------------------------------------------------------------
# 6. Settings


def test_relative_data_and_models_folders_count_from_the_repository(monkeypatch, tmp_path):
    monkeypatch.setenv("FDL_DATA", "my-data")
    monkeypatch.setenv("FDL_MODELS", "my-models")
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    monkeypatch.chdir(tmp_path)
    assert config.data_dir() == config.REPO_ROOT / "my-data"
    assert config.models_dir() == config.REPO_ROOT / "my-models"
    monkeypatch.chdir(REPO / "notebooks")
    assert config.data_dir() == config.REPO_ROOT / "my-data"


@pytest.mark.parametrize("value,expected", [("1", True), ("on", True), ("yes", True), ("true", True),
                                            ("0", False), ("off", False), ("no", False), ("disable", False)])
def test_on_off_words(monkeypatch, value, expected):
    monkeypatch.setenv("FDL_SMOKE", value)
    monkeypatch.setenv("FDL_CUDA_GRAPHS", value)
    assert config.is_smoke() is expected and config.cuda_graphs_enabled() is expected


def test_an_unknown_on_off_word_is_refused_in_one_line(monkeypatch):
    monkeypatch.setenv("FDL_CUDA_GRAPHS", "maybe")
    with pytest.raises(config.SettingError, match="FDL_CUDA_GRAPHS='maybe' is neither on nor off"):
        config.cuda_graphs_enabled()


@pytest.mark.parametrize("value", ["bogus", "cuda" if not torch.cuda.is_available() else "bogus2"])
def test_a_bad_fdl_device_names_the_variable_and_the_choices(monkeypatch, value):
    from utils.device import get_device

    monkeypatch.setenv("FDL_DEVICE", value)
    with pytest.raises(config.SettingError, match=r"FDL_DEVICE=.*choose one of cpu"):
        get_device()


def test_fdl_mirror_as_a_file_url_or_a_relative_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("FDL_MIRROR", f"file://{tmp_path}")
    assert config.mirror() == str(tmp_path)
    monkeypatch.setenv("FDL_MIRROR", "shared-copy")
    assert config.mirror() == str(config.REPO_ROOT / "shared-copy")
    monkeypatch.setenv("FDL_MIRROR", "ftp://example.org/x")
    with pytest.raises(config.SettingError, match="FDL_MIRROR"):
        config.mirror()


# --------------------------------------------------------------------------------------------------------
# 7. Failing early and clearly


def test_make_data_checks_the_backbone_weights_first(tmp_path):
    env = {**os.environ, "FDL_DATA": str(tmp_path / "d"), "FDL_MIRROR": str(tmp_path / "empty"),
           "FDL_BACKBONE": "vgg16", "TORCH_HOME": str(tmp_path / "torch"), "NO_PROXY": "*",
           "HTTPS_PROXY": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9"}
    result = subprocess.run([sys.executable, "-W", "error::RuntimeWarning", "-m", "utils.downloads"],
                            capture_output=True, text=True, env=env, timeout=120, cwd=REPO)
    assert result.returncode == 1 and "RuntimeWarning" not in result.stderr
    assert "backbone vgg16 (lesson 05): could not get the ImageNet weights" in result.stderr
    assert "FDL_BACKBONE=mobilenet_v2" in result.stderr and "Traceback" not in result.stderr


def test_a_failed_notebook_says_why_in_one_plain_line_and_leaves_no_stale_copy(tmp_path, monkeypatch):
    import nbformat

    from utils import notebook_tools

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "x = 1\nraise RuntimeError('could not get the ImageNet weights of vgg16. Fix: use mobilenet_v2')")])
    path = tmp_path / "05_fails.ipynb"
    nbformat.write(nb, path)
    monkeypatch.setattr(notebook_tools, "EXECUTED_DIR", tmp_path / "executed")
    (tmp_path / "executed").mkdir()
    (tmp_path / "executed" / path.name).write_text("{}")  # an older, successful run
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    assert notebook_tools.main(["execute", str(path)]) == 1
    line = [l for l in out.getvalue().splitlines() if l.startswith("FAILED")][0]
    assert line.endswith("RuntimeError: could not get the ImageNet weights of vgg16. Fix: use mobilenet_v2")
    assert "\x1b[" not in line
    assert not (tmp_path / "executed" / path.name).exists()


def test_check_and_clean_on_a_missing_or_broken_notebook_say_one_line(tmp_path, capsys):
    from utils import notebook_tools

    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    for action in ("check", "clean"):
        assert notebook_tools.main([action, str(tmp_path / "none.ipynb"), str(broken)]) == 1
        err = capsys.readouterr().err
        assert "none.ipynb: no such notebook" in err and "broken.ipynb: not a readable notebook" in err


def test_a_corrupt_history_counts_as_missing(tmp_path, monkeypatch, capsys):
    from utils.history import History

    monkeypatch.setenv("FDL_MODELS", str(tmp_path))
    monkeypatch.delenv("FDL_SMOKE", raising=False)
    (tmp_path / "history_03_asl_cnn.json").write_text('{"train_loss": [1.0, ')
    assert History.load("03_asl_cnn") is None
    assert "cannot be read" in capsys.readouterr().out
