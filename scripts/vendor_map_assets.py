"""Fetch the map's JavaScript, CSS, images and fonts into ``static/vendor/``.

The idea map must work in a community centre without internet: the browser may
never ask a CDN for Leaflet or its plugins. This script copies exact, pinned
releases from the npm registry (``npm pack``; the tarball's integrity is checked
against the value pinned below) and writes ``static/vendor/manifest.json`` with
package, version, licence, source and the sha256 of every file it wrote.
``wijk_core.maps.offline.use_local_assets`` points folium at these files.

Usage (from the repository root)::

    python scripts/vendor_map_assets.py          # fetch from npm and (re)write the files
    python scripts/vendor_map_assets.py --check  # offline: verify the files against the manifest

Re-running gives byte-identical files: tarballs are pinned by integrity and the
few transformations applied (see ``patches`` in the manifest) are deterministic.
To update a package, change its version and integrity below (``npm view
<name>@<version> dist.integrity``), run the script, then run ``pytest
tests/maps/test_leaflet.py`` and the browser tests.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO_ROOT = Path(__file__).resolve().parent.parent
VENDOR_DIR = REPO_ROOT / "static" / "vendor"
MANIFEST = VENDOR_DIR / "manifest.json"
# Files in static/vendor/ that this script does not manage.
UNMANAGED = {"README.md", "manifest.json"}

Transform = Callable[[bytes], bytes]


# --------------------------------------------------------------------------- transforms


def strip_source_map(data: bytes) -> bytes:
    """Drop ``sourceMappingURL`` comments: the .map files are not vendored."""
    data = re.sub(rb"\n?//# sourceMappingURL=[^\n]*", b"", data)
    return re.sub(rb"\n?/\*# sourceMappingURL=[^*]*\*/", b"", data)


def woff2_only_font_awesome(data: bytes) -> bytes:
    """Keep only the woff2 font sources: every browser that runs Leaflet 1.9 reads woff2,
    and the .ttf fallbacks would triple the size."""
    data = strip_source_map(data)
    return re.sub(rb',url\(\.\./webfonts/[\w.-]+\.ttf\) format\("truetype"\)', b"", data)


def glyphicons_from_bootstrap3(data: bytes) -> bytes:
    """Cut the Glyphicons Halflings rules out of Bootstrap 3's ``bootstrap.css``.

    folium's default ``folium.Icon`` uses the ``glyphicon`` prefix; folium loads
    ``bootstrap-glyphicons.css`` from Bootstrap 3.0.0's CDN for it, which npm does
    not carry. The same rules live in Bootstrap 3.4.1's stylesheet between the
    ``@font-face`` and the ``* {`` reset; the font source is reduced to woff2.
    """
    lines = data.decode("utf-8").split("\n")
    banner_end = lines.index(" */") + 1
    start = lines.index("@font-face {")
    end = lines.index("* {", start)
    if 'font-family: "Glyphicons Halflings";' not in lines[start + 1]:
        raise RuntimeError("bootstrap.css layout changed: Glyphicons @font-face not found")
    body = "\n".join(lines[start:end])
    body, count = re.subn(
        r'  src: url\("\.\./fonts/glyphicons-halflings-regular\.eot"\);\n  src: [^\n]*;',
        '  src: url("../fonts/glyphicons-halflings-regular.woff2") format("woff2");',
        body,
    )
    if count != 1:
        raise RuntimeError("bootstrap.css layout changed: Glyphicons font sources not found")
    banner = "\n".join(lines[:banner_end])
    note = "/* Glyphicons Halflings rules extracted from bootstrap.css by scripts/vendor_map_assets.py */"
    return f"{banner}\n{note}\n{body}\n".encode("utf-8")


# --------------------------------------------------------------------------- package list


@dataclass(frozen=True)
class Asset:
    """One vendored file: ``source`` inside the npm package (or ``folium:<path>`` inside
    the installed folium package), ``target`` under the package's vendor folder."""

    source: str
    target: str
    transform: Transform | None = None
    patch: str = ""


@dataclass(frozen=True)
class VendorPackage:
    name: str
    version: str
    integrity: str
    dest: str
    licence: str
    assets: tuple[Asset, ...]
    # Licence text written as <dest>/LICENSE when the tarball carries none.
    licence_text: str = ""
    licence_origin: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def _js(source: str, target: str) -> Asset:
    return Asset(source, target, strip_source_map, "sourceMappingURL comment removed")


_LEAFLET_DRAW_LICENCE = """\
Copyright 2012-2017 Jon West, Jacob Toye, and Leaflet

Permission is hereby granted, free of charge, to any person obtaining
a copy of this software and associated documentation files (the
"Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to
permit persons to whom the Software is furnished to do so, subject to
the following conditions:

The above copyright notice and this permission notice shall be
included in all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE
LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION
OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION
WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

PACKAGES: tuple[VendorPackage, ...] = (
    VendorPackage(
        name="leaflet",
        version="1.9.4",
        integrity="sha512-nxS1ynzJOmOlHp+iL3FyWqK89GtNL8U8rvlMOsQdTTssxZwCXh8N2NB3GDQOL+YR3XnWyZAxwQixURb+FA74PA==",
        dest="leaflet",
        licence="BSD-2-Clause",
        assets=(
            _js("dist/leaflet.js", "leaflet.js"),
            Asset("dist/leaflet.css", "leaflet.css"),
            Asset("dist/images/layers.png", "images/layers.png"),
            Asset("dist/images/layers-2x.png", "images/layers-2x.png"),
            Asset("dist/images/marker-icon.png", "images/marker-icon.png"),
            Asset("dist/images/marker-icon-2x.png", "images/marker-icon-2x.png"),
            Asset("dist/images/marker-shadow.png", "images/marker-shadow.png"),
            Asset("LICENSE", "LICENSE"),
        ),
        notes=("folium 0.20.0 asks for 1.9.3; 1.9.4 is its bug-fix release.",),
    ),
    VendorPackage(
        name="leaflet-draw",
        version="1.0.4",
        integrity="sha512-rsQ6saQO5ST5Aj6XRFylr5zvarWgzWnrg46zQ1MEOEIHsppdC/8hnN8qMoFvACsPvTioAuysya/TVtog15tyAQ==",
        dest="leaflet-draw",
        licence="MIT",
        assets=(
            Asset("dist/leaflet.draw.js", "leaflet.draw.js"),
            Asset("dist/leaflet.draw.css", "leaflet.draw.css"),
            Asset("dist/images/spritesheet.png", "images/spritesheet.png"),
            Asset("dist/images/spritesheet-2x.png", "images/spritesheet-2x.png"),
            Asset("dist/images/spritesheet.svg", "images/spritesheet.svg"),
        ),
        licence_text=_LEAFLET_DRAW_LICENCE,
        licence_origin="LICENSE of github.com/Leaflet/Leaflet.draw (the npm tarball has none)",
        notes=("folium 0.20.0 asks for 1.0.2; 1.0.4 is the last release.",),
    ),
    VendorPackage(
        name="jquery",
        version="3.7.1",
        integrity="sha512-m4avr8yL8kmFN8psrbFFFmB/If14iN5o9nw/NgnnM+kybDJpRsAynV2BsfpTYrTRysYUdADVD7CkUUizgkpLfg==",
        dest="jquery",
        licence="MIT",
        assets=(
            Asset("dist/jquery.min.js", "jquery.min.js"),
            Asset("LICENSE.txt", "LICENSE.txt"),
        ),
    ),
    VendorPackage(
        name="bootstrap",
        version="5.2.2",
        integrity="sha512-dEtzMTV71n6Fhmbg4fYJzQsw1N29hJKO1js5ackCgIpDcGid2ETMGC6zwSYw09v05Y+oRdQ9loC54zB1La3hHQ==",
        dest="bootstrap",
        licence="MIT",
        assets=(
            _js("dist/js/bootstrap.bundle.min.js", "js/bootstrap.bundle.min.js"),
            Asset(
                "dist/css/bootstrap.min.css",
                "css/bootstrap.min.css",
                strip_source_map,
                "sourceMappingURL comment removed",
            ),
            Asset("LICENSE", "LICENSE"),
        ),
    ),
    VendorPackage(
        name="bootstrap",
        version="3.4.1",
        integrity="sha512-yN5oZVmRCwe5aKwzRj6736nSmKDX7pLYwsXiCj/EYmo16hODaBiT4En5btW/jhBF/seV+XMx3aYwukYC3A49DA==",
        dest="bootstrap-glyphicons",
        licence="MIT",
        assets=(
            Asset(
                "dist/css/bootstrap.css",
                "css/bootstrap-glyphicons.css",
                glyphicons_from_bootstrap3,
                "only the Glyphicons Halflings rules kept; font sources reduced to woff2",
            ),
            Asset(
                "dist/fonts/glyphicons-halflings-regular.woff2",
                "fonts/glyphicons-halflings-regular.woff2",
            ),
            Asset("LICENSE", "LICENSE"),
        ),
        notes=(
            "Stands in for bootstrap-glyphicons.css of Bootstrap 3.0.0, which folium loads "
            "for folium.Icon(prefix='glyphicon') and which is not on npm.",
        ),
    ),
    VendorPackage(
        name="@fortawesome/fontawesome-free",
        version="6.2.0",
        integrity="sha512-CNR7qRIfCwWHNN7FnKUniva94edPdyQzil/zCwk3v6k4R6rR2Fr8i4s3PM7n/lyfPA6Zfko9z5WDzFxG9SW1uQ==",
        dest="fontawesome-free",
        licence="(CC-BY-4.0 AND OFL-1.1 AND MIT)",
        assets=(
            Asset(
                "css/all.min.css",
                "css/all.min.css",
                woff2_only_font_awesome,
                "truetype font fallbacks removed (woff2 only)",
            ),
            Asset("webfonts/fa-brands-400.woff2", "webfonts/fa-brands-400.woff2"),
            Asset("webfonts/fa-regular-400.woff2", "webfonts/fa-regular-400.woff2"),
            Asset("webfonts/fa-solid-900.woff2", "webfonts/fa-solid-900.woff2"),
            Asset("webfonts/fa-v4compatibility.woff2", "webfonts/fa-v4compatibility.woff2"),
            Asset("LICENSE.txt", "LICENSE.txt"),
        ),
    ),
    VendorPackage(
        name="leaflet.awesome-markers",
        version="2.0.5",
        integrity="sha512-Ne/xDjkGyaujwNVVkv2tyXQUV0ZW7gZ0Mo0FuQY4jp2qWrvXi0hwDBvmZyF/8YOvybyMabTMM/mFWCTd1jZIQA==",
        dest="leaflet.awesome-markers",
        licence="MIT",
        assets=(
            Asset("dist/leaflet.awesome-markers.js", "leaflet.awesome-markers.js"),
            Asset("dist/leaflet.awesome-markers.css", "leaflet.awesome-markers.css"),
            Asset("dist/images/markers-soft.png", "images/markers-soft.png"),
            Asset("dist/images/markers-soft@2x.png", "images/markers-soft@2x.png"),
            Asset("dist/images/markers-shadow.png", "images/markers-shadow.png"),
            Asset("dist/images/markers-shadow@2x.png", "images/markers-shadow@2x.png"),
            Asset("LICENSE", "LICENSE"),
        ),
        notes=(
            "folium 0.20.0 asks for 2.0.2 (cdnjs); 2.0.5 has the same JavaScript and adds "
            "square markers. package.json says ISC, the shipped LICENSE file is MIT.",
        ),
    ),
    VendorPackage(
        name="leaflet.markercluster",
        version="1.5.3",
        integrity="sha512-vPTw/Bndq7eQHjLBVlWpnGeLa3t+3zGiuM7fJwCkiMFq+nmRuG3RI3f7f4N4TDX7T4NpbAXpR2+NTRSEGfCSeA==",
        dest="leaflet.markercluster",
        licence="MIT",
        assets=(
            _js("dist/leaflet.markercluster.js", "leaflet.markercluster.js"),
            Asset("dist/MarkerCluster.css", "MarkerCluster.css"),
            Asset("dist/MarkerCluster.Default.css", "MarkerCluster.Default.css"),
            Asset("MIT-LICENCE.txt", "MIT-LICENCE.txt"),
        ),
        notes=("folium 0.20.0 asks for 1.1.0; 1.5.3 keeps the same API and supports Leaflet 1.9.",),
    ),
    VendorPackage(
        name="leaflet.fullscreen",
        version="3.0.0",
        integrity="sha512-81wWSUXz1ZtdneR0v5eJDWXUSx+Zo5J50WXWeydG/UcILfIEAgz/iOjZSi3p00Z9MJ/FC/P5i3CgdYuEAos0yQ==",
        dest="leaflet.fullscreen",
        licence="MIT",
        assets=(
            Asset("Control.FullScreen.js", "Control.FullScreen.js"),
            Asset("Control.FullScreen.css", "Control.FullScreen.css"),
            Asset("icon-fullscreen.svg", "icon-fullscreen.svg"),
            Asset("LICENSE", "LICENSE"),
        ),
        notes=("The version folium 0.20.0 asks for; npm carries no .min.js, so the plain file is used.",),
    ),
    VendorPackage(
        name="leaflet.heat",
        version="0.2.0",
        integrity="sha512-Cd5PbAA/rX3X3XKxfDoUGi9qp78FyhWYurFg3nsfhntcM/MCNK08pRkf4iEenO1KNqwVPKCmkyktjW3UD+h9bQ==",
        dest="leaflet.heat",
        licence="BSD-2-Clause",
        assets=(
            Asset("folium:templates/leaflet_heat.min.js", "leaflet-heat.min.js"),
            Asset("LICENSE", "LICENSE"),
        ),
        notes=(
            "The script is the copy folium ships (folium/templates/leaflet_heat.min.js: "
            "Leaflet.heat 0.2.0 plus the weights fix of Leaflet.heat PR #78), which is what "
            "folium.plugins.HeatMap expects; the licence is Leaflet.heat's.",
        ),
    ),
)


# --------------------------------------------------------------------------- fetching


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _npm_pack(package: VendorPackage, workdir: Path) -> Path:
    """Download one pinned tarball with ``npm pack`` and check its integrity."""
    spec = f"{package.name}@{package.version}"
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is not on PATH: install Node.js (npm) to fetch the map assets.")
    result = subprocess.run(
        [npm, "pack", spec, "--json", "--ignore-scripts", "--pack-destination", str(workdir)],
        check=False,
        capture_output=True,
        text=True,
        cwd=workdir,
    )
    if result.returncode != 0:
        raise SystemExit(f"npm pack {spec} failed:\n{result.stderr.strip()}")
    info = json.loads(result.stdout)[0]
    tarball = workdir / info["filename"]
    algorithm, _, expected = package.integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if actual != expected:
        raise SystemExit(
            f"{spec}: tarball integrity {algorithm}-{actual} does not match the pinned "
            f"{package.integrity}; check the version and update the pin on purpose."
        )
    return tarball


def _folium_file(relative: str) -> bytes:
    import folium  # the installed, pinned folium (requirements.txt)

    return (Path(folium.__file__).parent / relative).read_bytes()


def _read_member(archive: tarfile.TarFile, source: str, spec: str) -> bytes:
    try:
        member = archive.getmember(f"package/{source}")
    except KeyError:
        raise SystemExit(f"{spec}: the tarball has no {source!r}") from None
    handle = archive.extractfile(member)
    if handle is None:
        raise SystemExit(f"{spec}: {source!r} is not a regular file")
    return handle.read()


def _folium_version() -> str:
    import folium

    return folium.__version__


def _collect(package: VendorPackage, workdir: Path) -> tuple[dict[str, bytes], dict]:
    """The files of one package (path under static/vendor -> bytes) and its manifest entry."""
    spec = f"{package.name}@{package.version}"
    tarball = _npm_pack(package, workdir)
    files: dict[str, bytes] = {}
    patches: list[str] = []
    sources: list[str] = [f"npm:{spec}"]
    with tarfile.open(tarball, "r:gz") as archive:
        for asset in package.assets:
            if asset.source.startswith("folium:"):
                data = _folium_file(asset.source.removeprefix("folium:"))
                sources.append(f"python:folium=={_folium_version()} ({asset.source.removeprefix('folium:')})")
            else:
                data = _read_member(archive, asset.source, spec)
            if asset.transform is not None:
                data = asset.transform(data)
                patches.append(f"{asset.target}: {asset.patch}")
            files[f"{package.dest}/{asset.target}"] = data
    if package.licence_text:
        files[f"{package.dest}/LICENSE"] = package.licence_text.encode("utf-8")
        sources.append(f"LICENSE: {package.licence_origin}")
    entry = {
        "package": package.name,
        "version": package.version,
        "licence": package.licence,
        "folder": package.dest,
        "source": sources,
        "integrity": package.integrity,
        "patches": patches,
        "notes": list(package.notes),
        "files": [
            {"path": path, "bytes": len(data), "sha256": _sha256(data)}
            for path, data in sorted(files.items())
        ],
    }
    return files, entry


_CSS_URL = re.compile(rb"url\(\s*['\"]?([^'\")]+?)['\"]?\s*\)")


def _check_css_references(files: dict[str, bytes]) -> None:
    """Every ``url(...)`` in a vendored stylesheet must point at a vendored file."""
    missing = []
    for path, data in files.items():
        if not path.endswith(".css"):
            continue
        for match in _CSS_URL.finditer(data):
            ref = match.group(1).decode()
            if ref.startswith(("data:", "#")):
                continue
            target = (Path(path).parent / ref.split("?")[0].split("#")[0]).as_posix()
            target = _normalise(target)
            if target not in files:
                missing.append(f"{path} -> {ref}")
    if missing:
        raise SystemExit("stylesheets reference files that are not vendored:\n  " + "\n  ".join(missing))


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def fetch() -> None:
    """Fetch every package and rewrite static/vendor/ and its manifest."""
    all_files: dict[str, bytes] = {}
    entries = []
    with tempfile.TemporaryDirectory(prefix="wijk-vendor-") as tmp:
        for package in PACKAGES:
            files, entry = _collect(package, Path(tmp))
            all_files.update(files)
            entries.append(entry)
            print(f"  {package.name}@{package.version}: {len(files)} files")
    _check_css_references(all_files)

    VENDOR_DIR.mkdir(parents=True, exist_ok=True)
    for package in PACKAGES:
        shutil.rmtree(VENDOR_DIR / package.dest, ignore_errors=True)
    for path, data in sorted(all_files.items()):
        target = VENDOR_DIR / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    manifest = {
        "generated_by": "scripts/vendor_map_assets.py",
        "served_at": "/app/static/vendor/",
        "packages": entries,
    }
    MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    managed = {package.dest for package in PACKAGES} | UNMANAGED
    strays = sorted(p.name for p in VENDOR_DIR.iterdir() if p.name not in managed)
    if strays:
        print(f"warning: static/vendor/ holds entries this script does not manage: {strays}")
    total = sum(len(data) for data in all_files.values())
    print(f"wrote {len(all_files)} files, {total / 1024:.0f} KiB, and {MANIFEST.relative_to(REPO_ROOT)}")


def check() -> int:
    """Verify the vendored files against the manifest, without network access."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    problems = []
    for entry in manifest["packages"]:
        for item in entry["files"]:
            path = VENDOR_DIR / item["path"]
            if not path.is_file():
                problems.append(f"missing: {item['path']}")
            elif _sha256(path.read_bytes()) != item["sha256"]:
                problems.append(f"changed: {item['path']}")
    for problem in problems:
        print(problem)
    print("ok" if not problems else f"{len(problems)} problem(s); re-run without --check")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify the files offline against the manifest")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    fetch()
    return 0


if __name__ == "__main__":
    sys.exit(main())
