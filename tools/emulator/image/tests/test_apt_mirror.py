"""lib/apt-mirror.sh: the image build takes its Debian mirror from the machine's apt sources."""
import pathlib
import subprocess

import pytest

SCRIPT = pathlib.Path(__file__).resolve().parents[1] / "lib" / "apt-mirror.sh"


def mirror(tmp_path, files, suite="bookworm"):
    (tmp_path / "sources.list.d").mkdir(exist_ok=True)
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return subprocess.run(["bash", str(SCRIPT), suite], env={"APT_SOURCES_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True)


def test_deb822_source_for_the_suite(tmp_path):
    out = mirror(tmp_path, {"sources.list.d/debian.sources": (
        "Types: deb\n# a comment\nURIs: http://mirror.internal/debian-security/\nSuites: bookworm-security\nComponents: main\n\n"
        "Types: deb-src\nURIs: http://src.internal/debian\nSuites: bookworm\nComponents: main\n\n"
        "Types: deb\nURIs: http://mirror.internal/debian/\nSuites: bookworm bookworm-updates\nComponents: main contrib\n")})
    assert out.returncode == 0, out.stderr
    assert out.stdout == "http://mirror.internal/debian\n"


def test_one_line_source_with_options(tmp_path):
    out = mirror(tmp_path, {"sources.list": "# deb http://old/debian bookworm main\ndeb [arch=amd64 signed-by=/k.gpg] http://one.line/debian bookworm main\n"})
    assert out.returncode == 0, out.stderr
    assert out.stdout == "http://one.line/debian\n"


def test_disabled_or_other_component_is_skipped(tmp_path):
    out = mirror(tmp_path, {"sources.list.d/a.sources": (
        "Types: deb\nURIs: http://disabled/debian\nSuites: bookworm\nComponents: main\nEnabled: no\n\n"
        "Types: deb\nURIs: http://nonfree/debian\nSuites: bookworm\nComponents: non-free\n")})
    assert out.returncode == 1
    assert out.stdout == ""
    assert "has a 'deb' source for suite 'bookworm' with component 'main'" in out.stderr


@pytest.mark.parametrize("suite", ["trixie"])
def test_missing_suite_names_the_files_and_the_way_out(tmp_path, suite):
    out = mirror(tmp_path, {"sources.list": "deb http://one.line/debian bookworm main\n"}, suite)
    assert out.returncode == 1
    assert str(tmp_path / "sources.list") in out.stderr and "set DEBIAN_MIRROR" in out.stderr
