"""Kill -9 a training process at random instants, restart it, and check that it ends with exactly the
predictions of a run that was never interrupted (CPU, fixed seed, one thread)."""
import os, random, signal, subprocess, sys, textwrap, time
from pathlib import Path
import numpy as np

SCRIPT = textwrap.dedent('''
    import sys, numpy as np, torch
    from pathlib import Path
    from torch.utils.data import DataLoader, TensorDataset
    from imgen_nb.diagnosis.train import ConcatMLP, Trainer
    torch.set_num_threads(1)
    out = Path(sys.argv[1])

    class Rows(torch.utils.data.Dataset):
        def __init__(self, n, seed):
            g = torch.Generator().manual_seed(seed)
            self.y = torch.arange(n) % 2
            self.x = torch.randn(n, 200, generator=g); self.x[:, :5] += 0.7 * self.y[:, None]
        def __len__(self): return len(self.y)
        def __getitem__(self, i): return {"x": self.x[i], "y": self.y[i], "index": torch.tensor(i)}

    train = DataLoader(Rows(600, 0), 16, shuffle=True, generator=torch.Generator().manual_seed(1))
    val, test = DataLoader(Rows(200, 1), 64), DataLoader(Rows(200, 2), 64)
    torch.manual_seed(0)
    model = ConcatMLP({"x": 200}, hidden=(64, 32), dropout=0.3)
    tr = Trainer(max_epochs=40, lr=3e-3, patience=None, accelerator="cpu", seed=5, show_progress=False)
    res = tr.fit(model, train, val, out)
    tr.load_best(model, out)
    np.save(out/"proba.npy", tr.predict(model, test)["proba"])
    print("RESUMED_FROM", res["resumed_from"], "EPOCHS", res["epochs"], flush=True)
''')

def _start(script, out):
    env = dict(os.environ, IMGEN_PROGRESS="0", OMP_NUM_THREADS="1")
    return subprocess.Popen([sys.executable, str(script), str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

def _epochs_done(out):
    f = out/"training.tsv"
    return max(len(f.read_text().splitlines()) - 1, 0) if f.exists() else 0

def test_kill9_and_resume_gives_identical_predictions(tmp_path):
    script = tmp_path/"train.py"; script.write_text(SCRIPT)
    ref_out, run_out = tmp_path/"reference", tmp_path/"interrupted"
    ref = _start(script, ref_out)                       # the uninterrupted run, in parallel
    rng, kills, resumed = random.Random(0), 0, []
    for _ in range(2):                                  # two kill -9 at random instants
        p = _start(script, run_out)
        start = _epochs_done(run_out)
        while _epochs_done(run_out) < start + 1 and p.poll() is None: time.sleep(0.05)   # at least one new checkpoint
        time.sleep(rng.uniform(0.0, 0.3))               # then anywhere: mid-epoch, mid-write
        if p.poll() is not None: break
        os.kill(p.pid, signal.SIGKILL); p.wait(); p.communicate()
        assert p.returncode == -signal.SIGKILL
        kills += 1
    assert kills == 2, "the run finished before it could be killed twice: make the training longer"
    p = _start(script, run_out); so, se = p.communicate(timeout=300)
    assert p.returncode == 0, se
    rso, rse = ref.communicate(timeout=300)
    assert ref.returncode == 0, rse
    assert "RESUMED_FROM None" in rso and "EPOCHS 40" in rso
    resumed_from = int(so.split("RESUMED_FROM")[1].split()[0])
    assert 0 < resumed_from < 40, so
    a, b = np.load(ref_out/"proba.npy"), np.load(run_out/"proba.npy")
    assert a.tobytes() == b.tobytes(), f"max difference {np.abs(a - b).max()}"
    log_a = (ref_out/"training.tsv").read_text().splitlines(); log_b = (run_out/"training.tsv").read_text().splitlines()
    drop_time = lambda lines: [l.split("\t")[:2] + l.split("\t")[3:] for l in lines]
    assert drop_time(log_a) == drop_time(log_b)        # the same log, except the wall-clock column
    assert not list(run_out.glob(".*.tmp")), "a temporary file was left behind"
