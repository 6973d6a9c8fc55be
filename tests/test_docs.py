"The Quarto-free docs build: a page per notebook, README in step with the index notebook, and a real browser renders it."
import os, shutil, subprocess, tempfile
from pathlib import Path
import numpy as np
import pytest
from conftest import ROOT, bin_of

def notebooks():
    nbs = ROOT/"nbs"
    return sorted(p.relative_to(nbs) for p in nbs.rglob("*.ipynb")
                  if not any(s.startswith((".", "_")) for s in p.relative_to(nbs).parts))

@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    r = subprocess.run([bin_of("imgen"), "docs", "--out", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=1800)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-4000:]
    return out

def test_readme_is_in_step_with_index_notebook():
    from imgen_nb.docs import render_readme
    cwd = os.getcwd(); os.chdir(ROOT)
    try: new = render_readme()
    finally: os.chdir(cwd)
    assert (ROOT/"README.md").read_text() == new, "README.md differs from nbs/index.ipynb: run `imgen docs --readme-only` and commit"

def test_a_page_per_notebook(site):
    import nbformat
    from imgen_nb.docs import front_matter
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert "index.html" in pages and "core.html" in pages
    # every notebook has its page: the processed notebook names its output file, else <name>.html
    proc = ROOT/"_proc"
    for nb in notebooks():
        fm = front_matter(nbformat.read(proc/nb, as_version=4))
        page = (nb.parent/fm["output-file"]).as_posix() if fm.get("output-file") else nb.with_suffix(".html").as_posix()
        assert page in pages, f"no page for {nb}"
    for p in site.rglob("*.html"):   # no page shows an error raised while its docs were processed
        text = p.read_text()
        assert "Traceback (most recent call last)" not in text and "truth value of an array" not in text, f"{p.name} shows an error"
    core = (site/"core.html").read_text()
    assert "seed_everything" in core and 'class="imgen-sidebar"' in core
    assert "#| export" not in core and "#| hide" not in core  # directives honoured
    assert "from nbdev.showdoc import" not in core            # hidden cells removed

def _screenshot(url, png, tmp):
    chrome = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not chrome: pytest.skip("SKIPPED: Chromium is not installed (Debian package `chromium`)")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp}", "--hide-scrollbars",
             "--window-size=1280,900", f"--screenshot={png}", url]
    r = subprocess.run([chrome, *flags], capture_output=True, text=True, timeout=180)
    assert png.exists(), r.stderr[-2000:]

@pytest.mark.parametrize("page", ["index.html", "core.html"])
def test_chromium_renders_page(site, page, tmp_path):
    from PIL import Image
    png = tmp_path/"shot.png"
    _screenshot((site/page).as_uri(), png, tmp_path/"profile")
    img = np.asarray(Image.open(png).convert("L"), dtype=float)
    assert img.shape == (900, 1280)
    dark = (img < 100).mean()            # text and rules
    assert dark > 0.003, f"{page}: screenshot is almost blank ({dark:.4%} dark pixels)"
    assert img.std() > 10, f"{page}: screenshot has no contrast"
    # the sidebar (light grey panel on the left) and the content (white) are both there
    assert abs(img[:, :200].mean() - img[:, 400:].mean()) > 1 or img[:, :200].std() > 5

def test_published_runs_show_their_figures_and_are_in_the_sidebar(site):
    "Executed runs under nbs/experiments/runs/ render with their stored figures, are not re-executed, and are listed under Experiments."
    import nbformat, yaml
    from imgen_nb.docs import _page_name, front_matter
    runs = sorted((ROOT/"nbs"/"experiments"/"runs").glob("*.ipynb"))
    if not runs: pytest.skip("SKIPPED: no published runs under nbs/experiments/runs/")
    sidebar = yaml.safe_load((ROOT/"nbs"/"sidebar.yml").read_text())["website"]["sidebar"]["contents"]
    listed = next(s["contents"] for s in sidebar if isinstance(s, dict) and s.get("section") == "Experiments")
    for nb in runs:
        rel = nb.relative_to(ROOT/"nbs").as_posix()
        assert rel in listed, f"{rel} is not listed under Experiments in nbs/sidebar.yml"
        src = nbformat.read(nb, as_version=4)
        assert front_matter(src).get("skip_exec") is True, f"{rel} lacks skip_exec front matter: nbdev_test would run it again"
        n_png = sum("image/png" in o.get("data", {}) for c in src.cells if c.cell_type == "code" for o in c.outputs)
        proc = nbformat.read(ROOT/"_proc"/nb.relative_to(ROOT/"nbs"), as_version=4)      # the page name is the processed notebook's
        page = (site/_page_name(nb.relative_to(ROOT/"nbs"), front_matter(proc))).read_text()
        assert n_png and page.count("data:image/png;base64,") >= n_png, f"{rel}: {n_png} stored figures, {page.count('data:image/png;base64,')} on the page"
