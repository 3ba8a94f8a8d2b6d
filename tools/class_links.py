"""Links for a teacher's own fork: one Binder link and one nbgitpuller link per notebook.

    python tools/class_links.py --repo https://github.com/<you>/mlp-notebooks
    python tools/class_links.py --repo URL --hub https://hub.example.edu --branch main
    python tools/class_links.py --repo URL --hub URL --format markdown   # a table for a course page

Prints tab-separated lines, one per notebook and language (English, then 简体中文 if the
notebooks/zh-CN edition exists):

    language <TAB> notebook <TAB> binder URL <TAB> nbgitpuller URL

The nbgitpuller column is "-" without --hub. Nothing here is a public address of its own: every
link is built from the URLs you pass. The Binder link works once your fork is public on GitHub,
GitLab or any git host mybinder.org can clone; the nbgitpuller link works on a JupyterHub with
nbgitpuller installed (it clones your fork into the student's home the first time, and on later
clicks merges your new commits without overwriting the student's changes; docs/hub.md).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
# Each edition of the notebooks: language code -> (folder in the repo, name shown to readers).
# A new language is one line here (tools/build_site.py reads the same table).
EDITIONS = {
    "en": ("notebooks", "English"),
    "zh-CN": ("notebooks/zh-CN", "简体中文"),
}
START_NOTEBOOK = "notebooks/00-start-here.ipynb"
BINDER = "https://mybinder.org"
# Path parts that mark a page of a git host's web view (…/tree/main, …/-/blob/main/x, …/src/main),
# not a repository: git can't clone such a URL, and nbgitpuller would open a folder named after the branch.
WEB_VIEW_PARTS = {"tree", "blob", "-", "src", "raw", "commit", "commits", "edit"}
HEADER = ("language", "notebook", "binder", "nbgitpuller")


def notebooks(root: Path = ROOT) -> list[tuple[str, str]]:
    """(language code, repo-relative path) of every numbered notebook, per edition, in order.
    Only editions whose folder exists are listed."""
    found = []
    for code, (folder, _label) in EDITIONS.items():
        directory = root / folder
        if directory.is_dir():
            found += [(code, f"{folder}/{path.name}") for path in sorted(directory.glob("[0-9][0-9]-*.ipynb"))]
    return found


@dataclass(frozen=True)
class Repo:
    """A git repository given by its web URL (https://host/owner/name[.git])."""

    url: str

    def __post_init__(self):
        parts = urlsplit(self.url)
        if parts.scheme not in ("https", "http") or not parts.netloc or len(self.path_parts) < 2:
            raise ValueError(f"--repo: expected a web URL such as https://github.com/<you>/mlp-notebooks, got {self.url!r}")
        if any(c in self.url for c in '<>{}" '):
            raise ValueError(f"--repo: {self.url!r} still has a placeholder or a space in it; give your fork's real address")
        parts = self.path_parts
        page = next((p for i, p in enumerate(parts) if p in WEB_VIEW_PARTS and (p == "-" or 2 <= i < len(parts) - 1)), None)
        if page or urlsplit(self.url).query or urlsplit(self.url).fragment:
            raise ValueError(f"--repo: {self.url!r} is a page of the git host's web view, not the repository; give the "
                             "repository's own address (what the host's Clone button shows), e.g. "
                             "https://github.com/<you>/mlp-notebooks or https://github.com/<you>/mlp-notebooks.git")

    @property
    def path_parts(self) -> list[str]:
        return [p for p in urlsplit(self.url).path.split("/") if p]

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc.lower()

    @property
    def name(self) -> str:
        """The repository's name: the last part of its URL, without .git. The folder git clones into,
        and the one nbgitpuller clones into when told so (targetpath); by itself nbgitpuller keeps the .git."""
        last = self.path_parts[-1]
        return last[: -len(".git")] if last.endswith(".git") else last

    @property
    def clone_url(self) -> str:
        return self.url.rstrip("/")


def check_web_url(option: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"{option}: expected a web URL starting with https://, got {url!r}")
    return url.rstrip("/")


def binder_url(repo: Repo, branch: str, notebook: str, binder: str = BINDER) -> str:
    """mybinder.org's launch URL for the repo at `branch`, opening `notebook` in JupyterLab.
    GitHub and GitLab have short forms (gh/owner/name, gl/owner%2Fname); any other host is
    given as the whole clone URL (git/<url-encoded URL>)."""
    owner_and_name = "/".join(repo.path_parts[:-1] + [repo.name])
    if repo.host == "github.com" and len(repo.path_parts) == 2:
        spec = f"gh/{owner_and_name}/{quote(branch, safe='')}"
    elif repo.host == "gitlab.com":
        spec = f"gl/{quote(owner_and_name, safe='')}/{quote(branch, safe='')}"
    else:
        spec = f"git/{quote(repo.clone_url, safe='')}/{quote(branch, safe='')}"
    return f"{binder}/v2/{spec}?" + urlencode({"urlpath": f"lab/tree/{notebook}"})


def nbgitpuller_url(repo: Repo, branch: str, notebook: str, hub: str) -> str:
    """The JupyterHub link that clones (or updates) the repo into the student's home folder
    (as a folder named after the repo) and opens `notebook` there in JupyterLab.

    `targetpath` names that folder: without it nbgitpuller names it after the URL's last part,
    .git included, and a link to `<name>/notebooks/…` would find nothing."""
    query = urlencode({
        "repo": repo.clone_url,
        "branch": branch,
        "targetpath": repo.name,
        "urlpath": f"lab/tree/{repo.name}/{notebook}",
    })
    return f"{hub}/hub/user-redirect/git-pull?{query}"


def rows(repo_url: str, branch: str = "main", hub: str | None = None, binder: str = BINDER,
         root: Path = ROOT) -> list[tuple[str, str, str, str]]:
    """One (language, notebook, binder link, nbgitpuller link or '-') per notebook."""
    repo = Repo(repo_url)
    if not branch or any(c.isspace() for c in branch):
        raise ValueError(f"--branch: expected a branch name such as main, got {branch!r}")
    binder = check_web_url("--binder", binder)
    hub = check_web_url("--hub", hub) if hub else None
    return [
        (code, path, binder_url(repo, branch, path, binder), nbgitpuller_url(repo, branch, path, hub) if hub else "-")
        for code, path in notebooks(root)
    ]


def as_tsv(table) -> str:
    return "\n".join("\t".join(row) for row in [HEADER, *table]) + "\n"


def as_markdown(table) -> str:
    lines = ["| Notebook | Binder | JupyterHub |", "|---|---|---|"]
    for code, path, binder, puller in table:
        label = f"{EDITIONS[code][1]}: {Path(path).stem}"
        hub_cell = f"[open]({puller})" if puller != "-" else "-"
        lines.append(f"| {label} | [launch]({binder}) | {hub_cell} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", required=True, help="your fork's web URL, e.g. https://github.com/<you>/mlp-notebooks")
    parser.add_argument("--hub", help="your JupyterHub's URL (with nbgitpuller installed), e.g. https://hub.example.edu")
    parser.add_argument("--branch", default="main", help="the branch students get (default: main)")
    parser.add_argument("--binder", default=BINDER, help=f"a BinderHub other than {BINDER}")
    parser.add_argument("--format", choices=("tsv", "markdown"), default="tsv")
    args = parser.parse_args(argv)
    try:
        table = rows(args.repo, args.branch, args.hub, args.binder)
    except ValueError as error:
        parser.error(str(error))
    if not table:
        parser.error(f"no notebooks found under {ROOT / 'notebooks'}")
    sys.stdout.write(as_tsv(table) if args.format == "tsv" else as_markdown(table))
    return 0


if __name__ == "__main__":
    sys.exit(main())
