"""The data layer: sha256 checks, atomic writes, the mirror (folder and http), and its error messages."""
from __future__ import annotations

import gzip
import io
import re
import zipfile

import pytest

from utils import downloads
from utils.registry import REGISTRY, DataFile, Source

from helpers import needs_mirror, real_mirror, sha256_bytes

PAYLOAD = b"fdl test payload\n" * 1000


def entry(path="sets/payload.bin", payload=PAYLOAD, mirror=Source("data/sets/payload.bin"), upstream=None):
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


def test_registry_is_well_formed():
    paths = [f.path for files in REGISTRY.values() for f in files]
    assert len(paths) == len(set(paths))
    for files in REGISTRY.values():
        for f in files:
            assert re.fullmatch(r"[0-9a-f]{64}", f.sha256), f.path
            assert f.upstream is None or f.upstream.location.startswith("https://"), f.path
    assert len(REGISTRY["presidential_doggy_door"]) == 168
    assert len(REGISTRY["mnist"]) == 4 and len(REGISTRY["asl"]) == 2


@needs_mirror
def test_registry_matches_the_course_mirror():
    """Every registered file is in the mirror with exactly the registered sha256."""
    mirror = real_mirror()
    for files in REGISTRY.values():
        for f in files:
            raw = (mirror / f.mirror.location).read_bytes()
            content = gzip.decompress(raw) if f.mirror.unpack == "gzip" else raw
            assert sha256_bytes(content) == f.sha256, f.path
