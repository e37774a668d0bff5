"""The README's Layout names every module of the application, and nothing that is gone."""

import re
from pathlib import Path

PROJECT = Path(__file__).parent.parent
PACKAGES = ("indexer", "search", "webapp", "cli", "cluster")


def layout_paths() -> set[str]:
    """Paths of the Layout tree: a name ending in "/" opens a folder for the lines indented
    under it."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Layout\n.*?```\n(.*?)```", readme, re.S).group(1)
    folders: list[tuple[int, str]] = []
    paths = set()
    for line in block.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        name = line.split()[0].rstrip(",")
        while folders and folders[-1][0] >= indent:
            folders.pop()
        path = "".join(f for _, f in folders) + name
        paths.add(path)
        if name.endswith("/"):
            folders.append((indent, name))
    return paths


def modules() -> set[str]:
    found = set()
    for package in PACKAGES:
        for path in (PROJECT / package).rglob("*.py"):
            if path.name != "__init__.py" or path.parent.name == "webapp":
                found.add(path.relative_to(PROJECT).as_posix())
    return found


def test_every_module_is_named_in_the_readme_layout():
    missing = sorted(modules() - layout_paths())
    assert not missing, f"add these to the README's Layout, with what each holds: {missing}"


def test_every_file_the_layout_names_exists():
    listed = {p for p in layout_paths() if p.endswith(".py")}
    gone = sorted(p for p in listed if not (PROJECT / p).exists())
    assert not gone, f"the README's Layout names modules that are gone: {gone}"
