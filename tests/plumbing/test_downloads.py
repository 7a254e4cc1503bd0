"""The downloads (utils.plumbing.downloads): sha256 checks, the mirror (folder and http), upstream archives, and
what a broken server or a racing process does: downloads that stop half-way or trickle, two processes
repairing one file, an archive that unpacks to far too much. Each ends in the right file or in one clear
line naming the file, the places tried and the fix; never in a file that looks fine but is not."""

from __future__ import annotations

import gzip
import http.server
import io
import os
import socketserver
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from utils.plumbing import downloads
from utils.plumbing.registry import DataFile, Source
from utils.tools import notebooks

from helpers import REPO, sha256_bytes

PAYLOAD = b"fdl test payload\n" * 1000


MIRRORED = Source("data/sets/payload.bin")


def entry(path="sets/payload.bin", payload=PAYLOAD, mirror=MIRRORED, upstream=None):
    return DataFile(path, sha256_bytes(payload), mirror, upstream)


def make_mirror(root, relative, content):
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return target


def leftovers(folder):
    return [p.name for p in folder.rglob("*") if p.name.endswith(".partial")]


def test_good_mirror_file_is_copied_and_verified(data_home, monkeypatch):
    mirror = data_home / "mirror"
    make_mirror(mirror, "data/sets/payload.bin", PAYLOAD)
    monkeypatch.setenv("FDL_MIRROR", str(mirror))
    path = downloads.fetch(entry())
    assert path == data_home / "data" / "sets" / "payload.bin"
    assert path.read_bytes() == PAYLOAD
    assert leftovers(data_home / "data") == []


def test_present_correct_file_needs_no_mirror_or_network(data_home, monkeypatch):
    mirror = data_home / "mirror"
    make_mirror(mirror, "data/sets/payload.bin", PAYLOAD)
    monkeypatch.setenv("FDL_MIRROR", str(mirror))
    downloads.fetch(entry())
    monkeypatch.setenv("FDL_MIRROR", str(data_home / "nowhere"))
    upstream = Source("http://127.0.0.1:9/never-contacted")  # port 9: nothing listens there
    assert downloads.fetch(entry(upstream=upstream)).read_bytes() == PAYLOAD


def test_corrupted_mirror_file_is_rejected(data_home, monkeypatch):
    mirror = data_home / "mirror"
    bad = bytearray(PAYLOAD)
    bad[100] ^= 0x01  # one bit of one byte
    make_mirror(mirror, "data/sets/payload.bin", bytes(bad))
    monkeypatch.setenv("FDL_MIRROR", str(mirror))
    with pytest.raises(downloads.DataError) as err:
        downloads.fetch(entry())
    message = str(err.value)
    assert "sets/payload.bin" in message and "sha256" in message and "does not match" in message
    assert not (data_home / "data" / "sets" / "payload.bin").exists()
    assert leftovers(data_home / "data") == []


def test_damaged_local_file_is_fetched_again(data_home, monkeypatch, capsys):
    mirror = data_home / "mirror"
    make_mirror(mirror, "data/sets/payload.bin", PAYLOAD)
    stored = make_mirror(data_home / "data", "sets/payload.bin", PAYLOAD[:-10])
    monkeypatch.setenv("FDL_MIRROR", str(mirror))
    downloads.fetch(entry())
    assert stored.read_bytes() == PAYLOAD
    assert "does not match its sha256" in capsys.readouterr().out


def test_missing_everywhere_names_the_file_and_fdl_mirror(data_home):
    with pytest.raises(downloads.DataError) as err:
        downloads.fetch(entry(upstream=Source("http://127.0.0.1:9/payload.bin")))
    message = str(err.value)
    assert "sets/payload.bin" in message
    assert "127.0.0.1:9/payload.bin: unreachable" in message
    assert "FDL_MIRROR" in message and "is not set" in message
    # one line: what, where it was needed, each place tried with its reason, the fix
    assert "\n" not in message
    assert message.startswith("could not get sets/payload.bin (needed at ") and ". Tried: " in message
    assert ". Fix: " in message


def test_file_missing_from_mirror_says_where_it_looked(data_home, monkeypatch):
    monkeypatch.setenv("FDL_MIRROR", str(data_home / "mirror"))
    with pytest.raises(downloads.DataError) as err:
        downloads.fetch(entry())
    assert str(data_home / "mirror" / "data" / "sets" / "payload.bin") in str(err.value)
    assert "no such file" in str(err.value)


def test_gzipped_mirror_file_is_unpacked_and_checked_uncompressed(data_home, monkeypatch):
    mirror = data_home / "mirror"
    make_mirror(mirror, "data/sets/table.csv.gz", gzip.compress(PAYLOAD))
    monkeypatch.setenv("FDL_MIRROR", str(mirror))
    got = downloads.fetch(entry("sets/table.csv", mirror=Source("data/sets/table.csv.gz", "gzip")))
    assert got.read_bytes() == PAYLOAD


def test_http_mirror(data_home, monkeypatch, http_server):
    mirror = data_home / "mirror"
    make_mirror(mirror, "data/sets/payload.bin", PAYLOAD)
    monkeypatch.setenv("FDL_MIRROR", http_server(mirror) + "/")
    assert downloads.fetch(entry()).read_bytes() == PAYLOAD


def test_upstream_zip_archive_serves_several_files(data_home, http_server):
    site = data_home / "site"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("train/train.csv", PAYLOAD)
        zf.writestr("test.csv", PAYLOAD[::-1])
    make_mirror(site, "archive.zip", buf.getvalue())
    url = http_server(site) + "/archive.zip"
    train = DataFile("asl/train.csv", sha256_bytes(PAYLOAD), Source("data/none"), Source(url, "zip"))
    test = DataFile("asl/test.csv", sha256_bytes(PAYLOAD[::-1]), Source("data/none"), Source(url, "zip"))
    assert downloads.fetch(train).read_bytes() == PAYLOAD
    (site / "archive.zip").unlink()  # the second file comes from the archive already downloaded
    assert downloads.fetch(test).read_bytes() == PAYLOAD[::-1]


def test_mirror_falls_back_to_upstream(data_home, monkeypatch, http_server):
    site = data_home / "site"
    make_mirror(site, "payload.bin", PAYLOAD)
    monkeypatch.setenv("FDL_MIRROR", str(data_home / "empty-mirror"))
    assert downloads.fetch(entry(upstream=Source(http_server(site) + "/payload.bin"))).read_bytes() == PAYLOAD


def test_download_unknown_name():
    with pytest.raises(KeyError, match="unknown data set"):
        downloads.download("no-such-set")


# --------------------------------------------------------------------------------------------------------
# Broken servers, racing processes, hostile archives

BROKEN_PAYLOAD = b"fdl hardening payload\n" * 4000


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves ``BROKEN_PAYLOAD``-like bodies in the ways a broken server does; the behaviour is in the path."""

    body = BROKEN_PAYLOAD

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
    entry = DataFile(
        "sets/p.bin", sha256_bytes(BROKEN_PAYLOAD), Source("data/none"), Source(bad_server + "/short/p.bin")
    )
    with pytest.raises(downloads.DataError) as err:
        downloads.fetch(entry)
    assert "incomplete download" in str(err.value) and "sets/p.bin" in str(err.value)
    assert list((data_home / "data").rglob("*p.bin*")) == []


def test_a_truncated_zip_is_not_cached_and_a_broken_cached_one_is_fetched_again(data_home, http_server, capsys):
    site = data_home / "site"
    site.mkdir()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("train.csv", BROKEN_PAYLOAD)
    whole = buf.getvalue()
    (site / "a.zip").write_bytes(whole[: len(whole) // 2])  # a server without Content-Length sent half
    entry = DataFile(
        "asl/train.csv", sha256_bytes(BROKEN_PAYLOAD), Source("data/none"), Source(http_server(site) + "/a.zip", "zip")
    )
    with pytest.raises(downloads.DataError, match="not a complete zip archive"):
        downloads.fetch(entry)
    assert not any((data_home / "data" / ".downloads").glob("*.zip"))
    # an archive cached by an older version, broken: removed and fetched again
    (site / "a.zip").write_bytes(whole)
    cached = downloads._archive_path(entry.upstream)
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(whole[:100])
    assert downloads.fetch(entry).read_bytes() == BROKEN_PAYLOAD
    assert str(cached) in capsys.readouterr().out


def test_a_trickling_server_is_given_up_and_the_next_source_used(data_home, bad_server, http_server, monkeypatch):
    monkeypatch.setattr(downloads, "GRACE_S", 1.0)
    monkeypatch.setattr(downloads, "MIN_RATE", 100)
    site = data_home / "site"
    site.mkdir()
    (site / "p.bin").write_bytes(BROKEN_PAYLOAD)
    monkeypatch.setenv("FDL_MIRROR", bad_server + "/trickle/")
    entry = DataFile(
        "sets/p.bin", sha256_bytes(BROKEN_PAYLOAD), Source("data/p.bin"), Source(http_server(site) + "/p.bin")
    )
    start = time.monotonic()
    assert downloads.fetch(entry).read_bytes() == BROKEN_PAYLOAD  # from the upstream, after giving up on the mirror
    assert time.monotonic() - start < 8


def test_a_trickling_only_source_fails_with_the_file_the_source_and_fdl_mirror(data_home, bad_server, monkeypatch):
    monkeypatch.setattr(downloads, "GRACE_S", 1.0)
    monkeypatch.setattr(downloads, "MIN_RATE", 100)
    entry = DataFile(
        "sets/p.bin", sha256_bytes(BROKEN_PAYLOAD), Source("data/p.bin"), Source(bad_server + "/trickle/p.bin")
    )
    with pytest.raises(downloads.DataError) as err:
        downloads.fetch(entry)
    message = str(err.value)
    assert "too slow" in message and "sets/p.bin" in message and "/trickle/p.bin" in message
    assert "FDL_MIRROR" in message


@pytest.mark.parametrize("removed", ["before it is hashed", "while it is hashed"])
def test_a_damaged_file_another_repair_removes_is_fetched_anyway(data_home, monkeypatch, removed):
    """Another process repairing the same file removes it between our looks (is it there? its sha256?) or
    while we hash it: we fetch it ourselves, without a traceback."""
    mirror = data_home / "mirror"
    (mirror / "data").mkdir(parents=True)
    (mirror / "data" / "p.bin").write_bytes(BROKEN_PAYLOAD)
    monkeypatch.setenv("FDL_MIRROR", str(mirror))
    target = data_home / "data" / "sets" / "p.bin"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"damaged")
    real_sha = downloads.sha256_of
    looked = []

    def racing(path):
        digest = real_sha(path) if removed == "while it is hashed" else None
        if not looked:  # the other process unlinks it now
            looked.append(path)
            Path(path).unlink()
        return digest if digest is not None else real_sha(path)

    monkeypatch.setattr(downloads, "sha256_of", racing)
    entry = DataFile("sets/p.bin", sha256_bytes(BROKEN_PAYLOAD), Source("data/p.bin"))
    assert downloads.fetch(entry, quiet=True).read_bytes() == BROKEN_PAYLOAD
    assert looked == [target]


def test_two_processes_fetch_the_same_damaged_file_at_once(data_home, monkeypatch):
    mirror = data_home / "mirror"
    (mirror / "data").mkdir(parents=True)
    (mirror / "data" / "p.bin").write_bytes(BROKEN_PAYLOAD * 50)
    target = data_home / "data" / "sets" / "p.bin"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"damaged")
    code = (
        "from utils.plumbing import downloads; from utils.plumbing.registry import DataFile, Source; import sys; "
        f"e = DataFile('sets/p.bin', {sha256_bytes(BROKEN_PAYLOAD * 50)!r}, Source('data/p.bin')); "
        "print(downloads.fetch(e, quiet=True).stat().st_size)"
    )
    env = {**os.environ, "FDL_MIRROR": str(mirror), "FDL_DATA": str(data_home / "data")}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [r[1] for r in results]
    assert all("Traceback" not in err for _, err in results)
    assert target.read_bytes() == BROKEN_PAYLOAD * 50


def test_a_small_archive_that_unpacks_to_a_huge_file_stops_early(data_home, monkeypatch):
    mirror = data_home / "mirror"
    (mirror / "data").mkdir(parents=True)
    bomb = gzip.compress(b"\0" * (200 << 20))  # 200 MB of zeros in about 200 kB
    (mirror / "data" / "t.csv.gz").write_bytes(bomb)
    monkeypatch.setenv("FDL_MIRROR", str(mirror))
    entry = DataFile("sets/t.csv", "0" * 64, Source("data/t.csv.gz", "gzip"))
    with pytest.raises(downloads.DataError, match="unpacks to more than"):
        downloads.fetch(entry)
    assert list((data_home / "data").rglob("*.partial")) == []


@pytest.mark.slow
def test_checking_files_already_in_place_leaves_nothing_in_a_notebook_cell(data_home, monkeypatch):
    # In a notebook, tqdm draws a widget; one that hides itself when done still leaves its output behind,
    # which JupyterLab shows as an empty band under the cell. A quick check must draw no bar at all.
    mirror = data_home / "mirror"
    for i in range(20):
        make_mirror(mirror, f"data/many/{i}.txt", f"file {i}\n".encode())
    monkeypatch.setenv("FDL_MIRROR", str(mirror))
    register = (
        "from utils.plumbing.downloads import download\n"
        "from utils.plumbing.registry import REGISTRY, DataFile, Source\n"
        "from helpers import sha256_bytes\n"
        "REGISTRY['many'] = [DataFile(f'many/{i}.txt', sha256_bytes(f'file {i}\\n'.encode()), "
        "Source(f'data/many/{i}.txt'), None) for i in range(20)]"
    )
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(register)] + [nbformat.v4.new_code_cell("download('many');") for _ in range(2)]
    )
    path = data_home / "many.ipynb"
    nbformat.write(nb, path)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(Path(__file__).resolve().parents[1]), str(REPO)]))
    ran = notebooks.execute(path, timeout=120)
    assert (data_home / "data" / "many" / "19.txt").is_file()
    assert ran.cells[2].outputs == []  # the second call only checks: no bar, no output
