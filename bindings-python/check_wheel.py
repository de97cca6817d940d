"""Checks the wheel `make wheel` built, as a user would get it.

    check_wheel.py WHEEL_DIR

* one wheel, at most 10 MB, tagged abi3 for CPython >= 3.10 and manylinux2014 (glibc 2.17);
* auditwheel agrees: the extension needs no symbol newer than that tag allows and no library
  outside the manylinux set;
* the licence files and the extras are in its metadata;
* it installs with pip into a bare virtualenv, from the file alone (no other package), and the
  README tours run there: the main README's Python samples and the first tour of
  bindings-python/README.md, run from an empty directory so that only the installed package
  is imported.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import venv
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 10_000_000
EXTRAS = {"dataframes", "graphs", "plots", "notebook"}


def fail(message: str) -> None:
    print(f"check_wheel: {message}", file=sys.stderr)
    sys.exit(1)


def check_file(wheel: Path) -> None:
    size = wheel.stat().st_size
    name = wheel.name
    print(f"{name}: {size:,} bytes ({size / 1e6:.1f} MB)")
    if size > LIMIT:
        fail(f"{name} is {size:,} bytes, over the {LIMIT:,} allowed")
    tags = name[: -len(".whl")].split("-")[-3:]
    python, abi, platform = tags
    if (python, abi) != ("cp310", "abi3"):
        fail(f"{name}: expected the cp310-abi3 tags, not {python}-{abi}")
    allowed = {"manylinux2014_x86_64", "manylinux_2_17_x86_64", "manylinux_2_28_x86_64"}
    if not set(platform.split(".")) & allowed:
        fail(f"{name}: platform tag {platform} is newer than manylinux_2_28")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        for licence in ("LICENSE-MIT", "LICENSE-APACHE"):
            if not any(n.endswith(f".dist-info/licenses/{licence}") for n in names):
                fail(f"{name}: {licence} is not in the wheel")
        meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
        text = z.read(meta).decode()
        extras = set(re.findall(r"^Provides-Extra: (\S+)$", text, re.M))
        if not EXTRAS <= extras:
            fail(f"{name}: extras {sorted(EXTRAS - extras)} are missing")
        if re.search(r"^Requires-Dist: (?!.*extra ==)", text, re.M):
            fail(f"{name}: `import quanyu` should need no other package")
        so = [n for n in names if n.endswith(".so")]
        print(f"  extension {so[0]}: {z.getinfo(so[0]).file_size:,} bytes unpacked")


def check_auditwheel(wheel: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "auditwheel", "show", str(wheel)], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r'consistent with the following platform tag:\s*"(manylinux_(\d+)_(\d+)_x86_64)"', out)
    if not found:
        fail(f"auditwheel found no manylinux tag:\n{out}")
    glibc = (int(found.group(2)), int(found.group(3)))
    print(f"  auditwheel: consistent with {found.group(1)}")
    if glibc > (2, 28):
        fail(f"auditwheel: the extension needs glibc {glibc[0]}.{glibc[1]}:\n{out}")


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", markdown, re.M | re.S)


SAMPLES = r'''
import doctest, sys
failed = 0
for name, code in SAMPLES:
    print(f"  running {name}", flush=True)
    if code.lstrip().startswith(">>>"):
        test = doctest.DocTestParser().get_doctest(code, {}, name, name, 0)
        runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
        runner.run(test)
        failed += runner.summarize(verbose=False).failed
    else:
        exec(compile(code, name, "exec"), {"__name__": "__sample__"})
sys.exit(1 if failed else 0)
'''


def check_install(wheel: Path) -> None:
    samples = [(f"README.md, Python sample {i + 1}", b) for i, b in enumerate(python_blocks((ROOT / "README.md").read_text()))]
    tour = python_blocks((ROOT / "bindings-python/README.md").read_text())[0]
    samples.append(("bindings-python/README.md, the tour", tour))
    with tempfile.TemporaryDirectory() as tmp:
        env_dir = Path(tmp) / "venv"
        venv.create(env_dir, with_pip=True)
        py = env_dir / "bin" / "python"
        subprocess.run(
            [str(py), "-m", "pip", "install", "--quiet", "--no-index", "--disable-pip-version-check", str(wheel)],
            check=True,
        )
        listed = subprocess.run([str(py), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True, check=True)
        # pip and, on older Pythons, setuptools come with every virtualenv.
        others = [p for p in listed.stdout.split() if not p.startswith(("quanyu==", "pip==", "setuptools=="))]
        if others:
            fail(f"the bare virtualenv holds more than the wheel: {others}")
        script = f"SAMPLES = {samples!r}\n{SAMPLES}"
        run = subprocess.run([str(py), "-I", "-c", script], cwd=tmp)
        if run.returncode:
            fail("a README sample failed in the bare virtualenv")
    print(f"  installed into a bare virtualenv; {len(samples)} README samples passed")


def main() -> None:
    wheels = sorted(Path(sys.argv[1]).glob("quanyu-*.whl"))
    if len(wheels) != 1:
        fail(f"expected one quanyu wheel in {sys.argv[1]}, found {[w.name for w in wheels]}")
    check_file(wheels[0])
    check_auditwheel(wheels[0])
    check_install(wheels[0])


if __name__ == "__main__":
    main()
