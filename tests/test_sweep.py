"A sweep killed midway (kill -9 of the whole job) and started again completes only what is missing."
import json, os, signal, subprocess, time
from pathlib import Path
import pandas as pd
import yaml
from conftest import bin_of
from imgen_nb.testing import toy_template

def _states(out):
    return {p.parent.name: json.loads(p.read_text()).get("status") for p in Path(out).glob("*/run.json")}

def test_sweep_killed_midway_resumes(tmp_path):
    tpl = toy_template(tmp_path/"toy.ipynb", sleep=4)
    sw = tmp_path/"sweep.yaml"
    sw.write_text(yaml.safe_dump({"template": "toy.ipynb", "parameters": {"smoke": True},
                                  "grid": {"seed": [1, 2], "x": [0.6, 0.9]}}))
    out = tmp_path/"out"
    env = {**os.environ, "IMGEN_PROGRESS": "0"}
    p = subprocess.Popen([bin_of("imgen"), "sweep", str(sw), "--out", str(out), "--workers", "2"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True, env=env)
    try:
        deadline = time.time() + 240
        while time.time() < deadline:          # wait until at least one run finished and one is under way
            st = _states(out)
            if "completed" in st.values() and len(st) >= 2 and list(st.values()).count("completed") < 4: break
            assert p.poll() is None, p.stdout.read()
            time.sleep(0.2)
        else: raise AssertionError(f"sweep did not progress: {_states(out)}")
    finally:
        os.killpg(p.pid, signal.SIGKILL); p.wait()
    before = _states(out)
    done = {k for k, v in before.items() if v == "completed"}
    assert 1 <= len(done) < 4, before
    mtimes = {k: (out/k/"run.json").stat().st_mtime_ns for k in done}
    r = subprocess.run([bin_of("imgen"), "sweep", str(sw), "--out", str(out), "--workers", "2"],
                       capture_output=True, text=True, timeout=600, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert f"{len(done)} already completed, {4 - len(done)} to run" in r.stdout
    assert {k: (out/k/"run.json").stat().st_mtime_ns for k in done} == mtimes   # completed runs were not re-run
    res = pd.read_csv(out/"results.tsv", sep="\t")
    assert sorted(res.status) == ["completed"]*4
    assert sorted(res.auc) == [0.6, 0.6, 0.9, 0.9]
    assert (out/"summary.png").exists() and (out/"summary.ipynb").exists()
    assert len(list(out.glob("*/toy.ipynb"))) == 4
