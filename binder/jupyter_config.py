"""Where JupyterLab opens in the student image (binder/postBuild copies this file to
${NB_PYTHON_PREFIX}/etc/jupyter/, where every Jupyter app reads it: the server, JupyterLab,
Notebook 7 and jupyterhub-singleuser).

On Binder the repository is the home folder, so the start notebook is at notebooks/. On a
JupyterHub with persistent storage the home is the student's own (empty at first), and the
notebooks appear only once a class link has made nbgitpuller clone them into <home>/<folder>/.
A fixed path would send a first login to "Could not find path". So: the start notebook where it
is, else the file browser. A link's own urlpath, or a hub's Spawner.default_url, still wins.
"""

import os
from pathlib import Path
from urllib.parse import quote

START = "notebooks/00-start-here.ipynb"


def start_url(root) -> str:
    """/lab/tree/<path of the start notebook under root>, or /lab if there is none."""
    root = Path(root)
    found = [p for p in [root / START, *sorted(root.glob(f"*/{START}"))] if p.is_file()]
    return "/lab/tree/" + quote(found[0].relative_to(root).as_posix()) if found else "/lab"


c = get_config()  # noqa: F821 (given by traitlets when it loads this file)
# the server's root folder is the folder it starts in (the home on a hub, the repository on Binder)
c.ServerApp.default_url = c.LabApp.default_url = c.JupyterNotebookApp.default_url = start_url(os.getcwd())
