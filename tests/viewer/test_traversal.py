"""Nothing outside the dataset is served: hostile URLs and hostile records get 404.

The server runs as its own process and requests go out byte for byte as written here, so no
client-side normalisation of `..` hides what the server would do with them.
"""

from __future__ import annotations

import pytest

from visreason.viewer.paths import safe_file

from .test_server import get

HOSTILE_URLS = [
    "/../secret.png", "/image/../../secret.png", "/static/../../secret.png",
    "/static/..%2f..%2fsecret.png", "/static/%2e%2e/%2e%2e/secret.png",
    "/static/%252e%252e%252fsecret.png", "/image/..%2f..%2fsecret.png",
    "/thumb/%2e%2e%2fsecret.png", "/static//etc/passwd", "//etc/passwd",
    "/static/%2Fetc%2Fpasswd", "/static/..\\..\\secret.png", "/static/viewer.css%00.png",
    "/step/0/0/0/..%2f..%2fsecret.png", "/plot/..%2f..%2fsecret.png",
    "/sample/0/../../secret.png", "/image/0/../../../secret.png", "/data.jsonl",
    "/images/ok.png", "/secret.png",
]


@pytest.mark.parametrize("path", HOSTILE_URLS)
def test_hostile_urls_are_404(hostile_url, hostile, path) -> None:
    status, body, _ = get(hostile_url, path)
    assert status == 404, (path, status)
    assert hostile["secret"] not in body


@pytest.mark.parametrize("case", ["dotdot", "nested_dotdot", "absolute_outside", "etc",
                                  "encoded", "symlink", "dirlink", "missing", "not_image",
                                  "backslash"])
def test_hostile_records_serve_nothing(hostile_url, hostile, case) -> None:
    row = hostile["rows"][case]
    for path in (f"/image/{row}", f"/thumb/{row}"):
        status, body, _ = get(hostile_url, path)
        assert status == 404, (case, path)
        assert hostile["secret"] not in body
    status, body, _ = get(hostile_url, f"/sample/{row}")
    assert status == 200  # the page still opens and says why there is no picture
    assert b'id="image-missing"' in body or case == "not_image"


def test_the_good_record_still_serves(hostile_url, hostile) -> None:
    status, body, headers = get(hostile_url, f"/image/{hostile['rows']['ok']}")
    assert status == 200 and headers["content-type"] == "image/png"
    assert body == (hostile["path"] / "images" / "ok.png").read_bytes()
    assert get(hostile_url, "/static/viewer.css")[0] == 200


def test_safe_file_rules(tmp_path) -> None:
    root = tmp_path / "root"
    (root / "a").mkdir(parents=True)
    (root / "a" / "x.png").write_bytes(b"x")
    (tmp_path / "out.png").write_bytes(b"o")
    (root / "a" / "out.png").symlink_to(tmp_path / "out.png")
    (root / "a" / "in.png").symlink_to(root / "a" / "x.png")
    assert safe_file([root], "a/x.png") == (root / "a" / "x.png").resolve()
    assert safe_file([root], "a/in.png") == (root / "a" / "x.png").resolve()  # stays inside
    for bad in ("a/out.png", "../out.png", "a/../../out.png", str(tmp_path / "out.png"),
                "a", "", None, "a/x.png\x00", "C:\\out.png", "\\\\server\\share\\x.png",
                "~/x.png", "a\\..\\..\\out.png"):
        assert safe_file([root], bad) is None, bad
