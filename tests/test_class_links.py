"""tools/class_links.py: the links a teacher pastes into a course page, read back from its output."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import class_links  # noqa: E402

FORK = "https://github.com/a-teacher/mlp-notebooks"
HUB = "https://hub.example.edu"


def run(capsys, *args) -> str:
    assert class_links.main(list(args)) == 0
    return capsys.readouterr().out


def read_tsv(text: str) -> list[dict]:
    lines = text.splitlines()
    assert lines[0].split("\t") == list(class_links.HEADER)
    rows = [dict(zip(class_links.HEADER, line.split("\t"), strict=True)) for line in lines[1:]]
    return rows


def test_one_row_per_notebook_with_links_that_open_it(capsys):
    rows = read_tsv(run(capsys, "--repo", FORK, "--hub", HUB, "--branch", "spring-term"))
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    english = [r for r in rows if r["language"] == "en"]
    assert [r["notebook"] for r in english] == [f"notebooks/{n.name}" for n in notebooks]
    for row in rows:
        assert (ROOT / row["notebook"]).is_file()
        binder = urlsplit(row["binder"])
        assert (binder.scheme, binder.netloc) == ("https", "mybinder.org")
        assert binder.path == "/v2/gh/a-teacher/mlp-notebooks/spring-term"
        assert parse_qs(binder.query) == {"urlpath": [f"lab/tree/{row['notebook']}"]}
        puller = urlsplit(row["nbgitpuller"])
        assert f"{puller.scheme}://{puller.netloc}" == HUB and puller.path == "/hub/user-redirect/git-pull"
        assert parse_qs(puller.query) == {"repo": [FORK], "branch": ["spring-term"], "targetpath": ["mlp-notebooks"],
                                          "urlpath": [f"lab/tree/mlp-notebooks/{row['notebook']}"]}


@pytest.mark.parametrize("repo", [FORK, FORK + ".git", FORK + "/"])
def test_nbgitpuller_opens_the_folder_it_clones_into_with_or_without_dot_git(repo):
    """nbgitpuller clones into `targetpath` if given, else into the URL's last part with its .git
    kept (nbgitpuller 1.3.0): the link's urlpath must start with the folder it really makes."""
    link = parse_qs(urlsplit(class_links.nbgitpuller_url(class_links.Repo(repo), "main", "notebooks/x.ipynb", HUB)).query)
    cloned_into = link["targetpath"][0] if "targetpath" in link else link["repo"][0].rstrip("/").rsplit("/", 1)[-1]
    assert link["urlpath"] == [f"lab/tree/{cloned_into}/notebooks/x.ipynb"]
    assert link["repo"] == [repo.rstrip("/")]


def test_without_a_hub_the_nbgitpuller_column_says_so(capsys):
    rows = read_tsv(run(capsys, "--repo", FORK + ".git"))
    assert rows and all(r["nbgitpuller"] == "-" for r in rows)
    assert all(urlsplit(r["binder"]).path == "/v2/gh/a-teacher/mlp-notebooks/main" for r in rows)


def test_markdown_table_carries_the_same_links(capsys):
    tsv = read_tsv(run(capsys, "--repo", FORK, "--hub", HUB))
    markdown = run(capsys, "--repo", FORK, "--hub", HUB, "--format", "markdown").splitlines()
    assert markdown[0].startswith("| Notebook |") and len(markdown) == 2 + len(tsv)
    for row, line in zip(tsv, markdown[2:]):
        assert f"[launch]({row['binder']})" in line
        assert f"[open]({row['nbgitpuller']})" in line


@pytest.mark.parametrize("repo, spec", [
    ("https://gitlab.com/school/ml/mlp-notebooks", "gl/school%2Fml%2Fmlp-notebooks/main"),
    ("https://git.example.org/teacher/mlp-notebooks.git",
     "git/https%3A%2F%2Fgit.example.org%2Fteacher%2Fmlp-notebooks.git/main"),
])
def test_other_git_hosts_use_binders_longer_forms(repo, spec):
    url = class_links.binder_url(class_links.Repo(repo), "main", "notebooks/00-start-here.ipynb")
    assert urlsplit(url).path == f"/v2/{spec}"
    if spec.startswith("git/"):
        assert unquote(spec.split("/")[1]) == repo


def test_the_chinese_edition_gets_its_own_rows(tmp_path):
    (tmp_path / "notebooks" / "zh-CN").mkdir(parents=True)
    for folder in ("notebooks", "notebooks/zh-CN"):
        shutil.copy(ROOT / "notebooks" / "00-start-here.ipynb", tmp_path / folder)
    rows = class_links.rows(FORK, hub=HUB, root=tmp_path)
    assert [(r[0], r[1]) for r in rows] == [("en", "notebooks/00-start-here.ipynb"),
                                            ("zh-CN", "notebooks/zh-CN/00-start-here.ipynb")]
    assert "urlpath=lab%2Ftree%2Fnotebooks%2Fzh-CN%2F00-start-here.ipynb" in rows[1][2]


@pytest.mark.parametrize("args, message", [
    (["--repo", "github.com/a-teacher/mlp-notebooks"], "--repo: expected a web URL"),
    (["--repo", "https://github.com/"], "--repo: expected a web URL"),
    (["--repo", "https://github.com/<you>/mlp-notebooks"], "still has a placeholder"),
    (["--repo", FORK, "--hub", "hub.example.edu"], "--hub: expected a web URL"),
    # a page of the host's web view, copied from the address bar: not something git can clone
    (["--repo", FORK + "/tree/main"], "web view, not the repository"),
    (["--repo", FORK + "/blob/main/README.md"], "web view, not the repository"),
    (["--repo", "https://gitlab.com/school/mlp-notebooks/-/tree/main"], "web view, not the repository"),
    (["--repo", "https://codeberg.org/teacher/mlp-notebooks/src/branch/main"], "web view, not the repository"),
    (["--repo", FORK + "?tab=readme"], "web view, not the repository"),
    (["--repo", FORK, "--branch", "two words"], "--branch: expected a branch name"),
])
def test_bad_input_is_refused_with_what_was_expected(capsys, args, message):
    with pytest.raises(SystemExit) as exit:
        class_links.main(args)
    assert exit.value.code == 2
    assert message in capsys.readouterr().err
