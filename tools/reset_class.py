"""Put the notebooks back as they are committed, for the next class (`make reset`).

    python tools/reset_class.py            # stop this repo's JupyterLab, restore notebooks/
    python tools/reset_class.py --dry-run  # only say what it would do

Three steps, each said as it is done:
  1. Stop every Jupyter server whose folder is this repository or inside it (`make lab` serves
     notebooks/): each is asked to shut down through its own REST API, which also shuts down
     its kernels — jupyter_server's `shutdown_server`, the same as `jupyter server stop PORT`,
     which falls back to SIGTERM and then SIGKILL of that server's process only. Servers of
     other folders are left alone. Stopping first matters: a running lab would autosave the
     open notebooks over the restored files a moment later.
  2. `git restore --source=HEAD --staged --worktree -- notebooks/`: every committed notebook
     (and anything else committed under notebooks/) as in the last commit, outputs included.
  3. Remove the .ipynb_checkpoints folders under notebooks/ (JupyterLab's "Revert to
     checkpoint" would otherwise bring back a student's version).

Files under notebooks/ that git does not know (a student's "01-…-Copy1.ipynb", an Untitled
notebook) are listed but never deleted: they may be someone's work. Move them yourself.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = "notebooks"


def servers_of(root: Path) -> list[dict]:
    """The running Jupyter servers (as jupyter_server lists them) serving `root` or a folder inside it."""
    try:
        from jupyter_server.serverapp import list_running_servers
    except ImportError:      # no JupyterLab in this Python: then none of its servers runs from here
        return []

    root = root.resolve()
    found = []
    for info in list_running_servers():
        folder = Path(info.get("root_dir") or info.get("notebook_dir") or "/").resolve()
        if folder == root or root in folder.parents:
            found.append(info)
    return found


def stop_servers(root: Path, dry_run: bool = False) -> list[dict]:
    stopped = servers_of(root)
    for info in stopped:
        from jupyter_server.serverapp import shutdown_server

        print(f"{'would stop' if dry_run else 'stopping'} JupyterLab at {info['url']} "
              f"(pid {info['pid']}, serving {info['root_dir']}) and its kernels")
        if not dry_run:
            shutdown_server(info, timeout=10)
    if not stopped:
        print("no Jupyter server of this repository is running")
    return stopped


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def restore_notebooks(root: Path, dry_run: bool = False) -> tuple[list[str], list[str]]:
    """(files git restores, files git does not know) under notebooks/; restores unless dry_run."""
    changed = [line[3:] for line in git(root, "status", "--porcelain", "--untracked-files=all", "--", NOTEBOOKS)
               .splitlines() if not line.startswith("??")]
    unknown = git(root, "ls-files", "--others", "--exclude-standard", "--", NOTEBOOKS).splitlines()
    if changed and not dry_run:
        git(root, "restore", "--source=HEAD", "--staged", "--worktree", "--", NOTEBOOKS)
    for path in changed:
        print(f"{'would restore' if dry_run else 'restored'} {path}")
    if not changed:
        print(f"{NOTEBOOKS}/ is as committed")
    checkpoints = sorted((root / NOTEBOOKS).rglob(".ipynb_checkpoints"))
    for folder in checkpoints:
        print(f"{'would remove' if dry_run else 'removed'} {folder.relative_to(root)}")
        if not dry_run:
            shutil.rmtree(folder)
    if unknown:
        print(f"not committed, left as they are (someone's copies? move them if not needed): {', '.join(unknown)}")
    return changed, unknown


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="say what would be done, do nothing")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this one)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not (root / NOTEBOOKS).is_dir():
        parser.error(f"{root} has no {NOTEBOOKS}/ folder: --root must be the mlp-notebooks repository")
    stop_servers(root, args.dry_run)
    restore_notebooks(root, args.dry_run)
    return 0


if __name__ == "__main__":
    sys.exit(main())
