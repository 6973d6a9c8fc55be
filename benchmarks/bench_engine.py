"""Benchmark of the diagnosis training engine against a bare PyTorch loop of the same model.

A small MLP on 1,000 subjects with 232 region features (116 GM + 116 PET) and 2,000 SNPs, 5 subject-level
splits x 100 epochs (no early stopping, so every loop does the same number of steps).

1. `cross_validate` end to end: the total time of the run (folds, transforms, training with a checkpoint every
   epoch, best model, logs, test predictions, metrics with bootstrap intervals, ROC figure).
2. The overhead, measured split by split with three loops on the same fold, loaders, model and optimiser:
   the bare PyTorch loop (train, validation AUC each epoch, best weights kept in memory, test predictions),
   the engine (`Trainer.fit` + `load_best` + `predict`) with a checkpoint every epoch, and the engine with
   `checkpoint_every=0` (checkpoint only at the end; best model and log still written), which isolates the
   cost of the per-epoch checkpoints. The order of the three rotates from split to split so that drifting
   machine load affects each alike. Both wall time and CPU time of the process (all its threads, the
   checkpoint writer included) are reported; on a shared machine the CPU time is the steadier measure.
   The whole interleaved measurement is repeated `--repeats` times (the rotation shifted each time); each
   loop's figures are the medians over the repeats, and each overhead is reported as the median with the
   lowest and highest of the per-repeat overheads beside it, so that one run shows its own spread.
3. What the bare loop pays for its validation AUC (scikit-learn's `roc_auc_score`) and the engine for its eight
   validation metrics (`classification_metrics`), per epoch, and the engine's CPU overhead against a bare loop whose
   AUC cost as little as the engine's metrics: the engine must not look cheap only because its AUC is.

    python benchmarks/bench_engine.py [--epochs 100] [--splits 5] [--threads 1] [--repeats 3] [--out DIR]

Measured on the project's 2-core machine while idle (load average about 1), defaults, the two checkpoint writers
one after the other (engine vs bare loop, median [lowest, highest] of 3 repeats):
- torch.save of the snapshot into a new file: +11.1% [+10.6, +11.3] wall, +15.3% [+14.9, +15.5] CPU, 4.2 ms CPU
  per checkpoint;
- the packed snapshot rewritten in place (`_CheckpointFile`): +2.7% [+1.2, +7.1] wall, +6.0% [+4.7, +10.3] CPU,
  2.2 ms CPU per checkpoint; without per-epoch checkpoints -2.4% wall, -0.9% CPU.
"""
import argparse, copy, os, tempfile, time
from pathlib import Path

import numpy as np
import torch
from sklearn.metrics import roc_auc_score

from imgen_nb.core import seed_everything
from imgen_nb.diagnosis.metrics import classification_metrics
from imgen_nb.data.dataset import fold_loaders, subject_folds
from imgen_nb.diagnosis.train import ConcatMLP, Trainer, cross_validate, known_answer_data

VIEWS = {"gm_roi": 116, "pet_roi": 116, "snp": 2000}

def factory(data): return ConcatMLP({v: data.views[v].shape[1] for v in VIEWS}, hidden=(64,), dropout=0.1)

def bare_split(data, fold, epochs, lr, batch_size, out):
    "The same training as the engine's, written as the shortest plain PyTorch loop."
    loaders = fold_loaders(data, fold, batch_size=batch_size, seed=fold.split)
    seed_everything(fold.split); model = factory(data)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    best, best_state = -1.0, None
    for epoch in range(epochs):
        model.train()
        for b in loaders["train"]:
            opt.zero_grad(set_to_none=True)
            loss = torch.nn.functional.cross_entropy(model(b)["logits"], b["y"])
            loss.backward(); opt.step()
        model.eval(); ys, ps = [], []
        with torch.no_grad():
            for b in loaders["val"]:
                ys.append(b["y"]); ps.append(torch.softmax(model(b)["logits"], 1)[:, 1])
        auc = roc_auc_score(torch.cat(ys).numpy(), torch.cat(ps).numpy())
        if auc > best: best, best_state = auc, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state); model.eval()
    with torch.no_grad(): return torch.cat([torch.softmax(model(b)["logits"], 1) for b in loaders["test"]])

def engine_split(data, fold, epochs, lr, batch_size, out, threads, every):
    "What cross_validate does for one split."
    loaders = fold_loaders(data, fold, batch_size=batch_size, seed=fold.split)
    seed_everything(fold.split); model = factory(data)
    tr = Trainer(max_epochs=epochs, lr=lr, patience=None, accelerator="cpu", num_threads=threads, seed=fold.split,
                 show_progress=False, checkpoint_every=every)
    tr.fit(model, loaders["train"], loaders["val"], out)
    tr.load_best(model, out)
    return tr.predict(model, loaders["test"])

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--epochs", type=int, default=100); ap.add_argument("--splits", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1, help="torch CPU threads for every loop")
    ap.add_argument("--batch-size", type=int, default=32); ap.add_argument("--out", default=None)
    ap.add_argument("--repeats", type=int, default=3, help="repetitions of the interleaved loop-by-loop measurement")
    a = ap.parse_args()
    os.environ.setdefault("IMGEN_PROGRESS", "0")
    torch.set_num_threads(a.threads)
    out = Path(a.out or tempfile.mkdtemp())
    data, truth = known_answer_data(1000, VIEWS, {"gm_roi": 4, "pet_roi": 4, "snp": 4}, effect=0.4, seed=0)
    n_params = sum(p.numel() for p in factory(data).parameters())
    print(f"data: {len(data)} subjects, views {VIEWS}; model ConcatMLP(2232 -> 64 -> 2), {n_params:,} parameters")
    print(f"{a.splits} splits x {a.epochs} epochs, batch {a.batch_size}, {a.threads} torch thread(s), {os.cpu_count()} CPU(s), "
          f"load average before: {os.getloadavg()[0]:.2f}")

    t0, c0 = time.perf_counter(), time.process_time()
    tr = Trainer(max_epochs=a.epochs, lr=1e-3, patience=None, accelerator="cpu", num_threads=a.threads, show_progress=False)
    res = cross_validate(factory, data, "AD_vs_CN", n_splits=a.splits, seed=0, out=out/"cv", trainer=tr, batch_size=a.batch_size)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    m = res.metrics.set_index("split")
    print(f"\n1. cross_validate, {a.splits} splits x {a.epochs} epochs: {wall:.1f} s wall, {cpu:.1f} s CPU "
          f"({1000 * wall / (a.splits * a.epochs):.1f} ms per epoch); mean test AUC {m.auc['mean']:.3f} ± {m.auc['sd']:.3f} "
          f"(Bayes-optimal {truth['bayes_auc']:.3f})")

    loops = {"bare": lambda f, o: bare_split(data, f, a.epochs, 1e-3, a.batch_size, o),
             "engine": lambda f, o: engine_split(data, f, a.epochs, 1e-3, a.batch_size, o, a.threads, 1),
             "engine, checkpoint_every=0": lambda f, o: engine_split(data, f, a.epochs, 1e-3, a.batch_size, o, a.threads, 0)}
    names, runs = list(loops), []                      # runs[r][name] = [wall, CPU] of repeat r
    folds = subject_folds(data, n_splits=a.splits, seed=0)
    for rep in range(a.repeats):
        spent = {n: [0.0, 0.0] for n in loops}
        for f in folds:
            k = (f.split + rep) % 3
            for n in names[k:] + names[:k]:
                t0, c0 = time.perf_counter(), time.process_time()
                loops[n](f, out/f"rep-{rep}"/n.replace(" ", "").replace(",", "-").replace("=", "")/f"split-{f.split}")
                spent[n][0] += time.perf_counter() - t0; spent[n][1] += time.process_time() - c0
        runs.append(spent)
    med = lambda xs: float(np.median(xs))
    def over(n, i):
        "Per-repeat overheads (%) of loop n against the bare loop, measure i (0 wall, 1 CPU)."
        return [100 * (r[n][i] - r["bare"][i]) / r["bare"][i] for r in runs]
    spread = lambda xs: f"{med(xs):+5.1f}% [{min(xs):+5.1f}, {max(xs):+5.1f}]"
    print(f"\n2. the same {a.splits} x {a.epochs} epochs, loop by loop (rotating order), {a.repeats} repeat(s): "
          f"median over repeats, overhead as median [lowest, highest]:")
    for n in names:
        w, c = med([r[n][0] for r in runs]), med([r[n][1] for r in runs])
        print(f"  {n:>27}: {w:6.1f} s wall ({spread(over(n, 0))}), {c:6.1f} s CPU ({spread(over(n, 1))})")
    ck = [1000 * (r["engine"][1] - r["engine, checkpoint_every=0"][1]) / (a.splits * a.epochs) for r in runs]
    ckw = [r["engine"][0] - r["engine, checkpoint_every=0"][0] for r in runs]
    print(f"  per-epoch checkpoints alone: {med(ckw):+.1f} s wall, {med(ck) * a.splits * a.epochs / 1000:+.1f} s CPU "
          f"({med(ck):.2f} ms CPU per checkpoint, per repeat {', '.join(f'{x:.2f}' for x in ck)})")
    bc, ec = med([r["bare"][1] for r in runs]), med([r["engine"][1] for r in runs])
    n_val = len(subject_folds(data, n_splits=a.splits, seed=0)[0].val)
    rng = np.random.default_rng(0); yv = np.arange(n_val) % 2; pv = rng.random(n_val); Pv = np.c_[1 - pv, pv]
    def cost(f, n=200):
        best = float("inf")
        for _ in range(5):
            c0 = time.thread_time()
            for _ in range(n): f()
            best = min(best, (time.thread_time() - c0) / n)
        return best
    sk, own = cost(lambda: roc_auc_score(yv, pv)), cost(lambda: classification_metrics(yv, Pv))
    fair = bc - (sk - own) * a.splits * a.epochs          # medians of the repeats
    print(f"\n3. validation metrics per epoch ({n_val} rows): roc_auc_score {1000 * sk:.2f} ms (bare), classification_metrics "
          f"{1000 * own:.2f} ms (engine); against a bare loop with the engine's metric cost the engine's CPU overhead is "
          f"{100 * (ec - fair) / fair:+.1f}%")
    print(f"load average after: {os.getloadavg()[0]:.2f}")

if __name__ == "__main__": main()
