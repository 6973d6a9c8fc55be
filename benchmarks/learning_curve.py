"""How close do DAAMAF and the baselines come to the Bayes-optimal AUC as the cohort grows? (AD vs CN)

The simulator's cohort model (default parameters, the built-in atlas, region-level noise of maps at
`--resolution` mm, as the demo's cohort) draws fresh AD and CN participants in memory: region means of the
GM and PET maps as the readers would measure them, every genotype of the panel, age, sex and education.
No maps are written, so cohorts of thousands cost seconds. AD and CN are drawn in the demo cohort's
proportions (AD 23 : CN 30).

For each training size n (AD + CN participants), on `--repeats` independent draws:
- DAAMAF, paper mode with the library's defaults (`diagnosis.daamaf.DEFAULTS`), trained like one split of
  `cross_validate_daamaf`: a quarter of the n participants is the validation part for early stopping on the
  AUC (at most 60 epochs, patience 20), the transform fitted on the training part only;
- the engine's baselines (`diagnosis.baselines.fit_baseline`) with C chosen by inner CV on the n participants
  (C='cv'): logistic early fusion of GM + PET regions + demographics, and logistic late fusion of GM, PET,
  SNPs and demographics (one penalty per view);
then every model is tested on `--test` other participants, next to the simulator's Bayes-optimal score
(`CohortModel.oracle_score`, the likelihood ratio given GM and PET region means, genotypes and demographics:
exactly what DAAMAF sees) on the same test participants, and the population value (ground_truth.json's
`bayes_auc_by_view['AD_vs_CN']['gm+pet']`).

    python benchmarks/learning_curve.py [--sizes 212,500,1000,2000,4000] [--test 4000] [--repeats 1] [--out runs/learning-curve]
                                        [--models 1,4,5] [--merge runs/learning-curve/learning_curve.tsv]

Prints one table (AUC on the test participants, mean over repeats; the gap to the oracle on the same test
set) and writes `learning_curve.tsv` and `learning_curve.png` into `--out`. `--asymptote N` adds logistic
regressions trained on N participants (what a linear model reaches with unlimited data); `--decompose` splits
their gap to the Bayes-optimal score (see `decompose`).

Models, numbered for `--models`: 1 DAAMAF (paper mode, the defaults), 2 the same with the SNP encoder also
trained by the diagnostic loss, 3 the same with the published architecture's product fusion and plain
encoders, 4 and 5 the logistic baselines. `--merge` keeps an earlier table's rows of the models not measured
now, so one model can be added to a curve (the test set must be the same: same `--test` and `--seed`).

Measured on the project's 2-core machine (`--sizes 212,500,1000,2000,4000,8000 --repeats 2 --models 1,4,5`, 31 min;
`--sizes "" --decompose`, 22 s; then `--models 3 --merge` with the first table, 24 min): the Bayes-optimal score
reaches 0.929 on the 4,000 test participants (population 0.921); mean AUC of two draws:

    n                                     212    500   1000   2000   4000   8000
    DAAMAF (paper mode)                  0.797  0.822  0.843  0.860  0.861  0.866
    DAAMAF, product fusion (model 3)     0.730  0.818  0.868  0.874  0.879  0.879
    logistic early, GM + PET + demo      0.858  0.864  0.874  0.881  0.883  0.886
    logistic late, GM, PET, SNPs, demo   0.826  0.864  0.867  0.887  0.895  0.901

    trained on 20,000: logistic GM + PET + demo 0.889; + all SNPs 0.906; + only the 11 causal SNPs, named 0.917;
    logistic on the Bayes observer's statistics (s_gm, s_pet, eta) 0.918; gradient boosting on them 0.928.
"""
import argparse, dataclasses, os, tempfile, time, warnings
from pathlib import Path

import numpy as np
import pandas as pd

os.environ.setdefault("IMGEN_PROGRESS", "0")
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

from imgen_nb.core import save_tsv
from imgen_nb.data.dataset import Fold, MultimodalData, fold_loaders, stratified_group_kfold
from imgen_nb.data.simulate import TASK_BINS, CohortModel, SimParams, auc_se, recruit
from imgen_nb.diagnosis.baselines import fit_baseline
from imgen_nb.diagnosis.daamaf import DAAMAF, DEFAULTS, daamaf_transform
from imgen_nb.diagnosis.train import Trainer

DAAMAFS = {"DAAMAF (paper mode)": {},
           "DAAMAF, SNP encoder also trained by the diagnosis": dict(clf_trains_snp_encoder=True),
           "DAAMAF, product fusion, plain encoders": dict(fusion="product", residual=False)}
BASELINES = {"logistic early, GM + PET + demo (C by inner CV)": dict(classifier="logreg", fusion="early", views=["gm_roi", "pet_roi", "demo"]),
             "logistic late, GM, PET, SNPs, demo (C per view)": dict(classifier="logreg", fusion="late", views=["gm_roi", "pet_roi", "snp", "demo"])}

def draw(model:CohortModel, params:SimParams, n:int, seed:int, prefix:str):
    "n fresh AD + CN participants: (MultimodalData with gm_roi, pet_roi, snp, demo; subjects; genotypes; observed fractions)."
    s, G = recruit(n, seed, params, model.panel, model.scale)
    x, _ = model.sample_regions(s, G, np.random.default_rng([seed, 1]))
    xo = model.observe(x, np.random.default_rng([seed, 2]))
    t = model.to_tables(xo)
    keys = pd.DataFrame({"participant_id": [f"sub-{prefix}{i:05d}" for i in range(n)], "session_id": "ses-M000"})
    demo = np.c_[s.age, (s.sex == "F").astype(float), s.education].astype(float)
    y = (s.group == "AD").to_numpy().astype(int)
    views = {"gm_roi": t["gm"].to_numpy(), "pet_roi": t["pet"].to_numpy(), "snp": G.astype(float), "demo": demo}
    meta = {"gm_roi": {"features": list(model.atlas.names)}, "pet_roi": {"features": list(model.atlas.names)},
            "snp": {"features": model.panel.snp.astype(str).tolist()}, "demo": {"features": ["age", "sex", "education"]}}
    return MultimodalData(keys, views, y, ("CN", "AD"), s[["age", "sex", "education"]].reset_index(drop=True), meta), s, G, xo

def concat(a:MultimodalData, b:MultimodalData)->MultimodalData:
    "The rows of a, then those of b."
    return MultimodalData(pd.concat([a.keys, b.keys], ignore_index=True), {v: np.vstack([a.views[v], b.views[v]]) for v in a.views},
                          np.r_[a.y, b.y], a.classes, pd.concat([a.covariates, b.covariates], ignore_index=True), a.meta)

def daamaf_auc(data:MultimodalData, n:int, seed:int, out:Path, epochs:int=60, patience:int=20, monitor:str="auc", batch_size:int=32,
               **kw)->tuple[float, dict]:
    "Train DAAMAF (DEFAULTS, paper mode, overridden by `kw`) on the first n rows (a quarter of them for early stopping), test on the rest."
    val = np.sort(stratified_group_kfold(data.y[:n], data.participants[:n], 4, seed)[0])
    fold = Fold(0, np.setdiff1d(np.arange(n), val), val, np.arange(n, len(data)))
    loaders = fold_loaders(data, fold, daamaf_transform(data), batch_size=batch_size, seed=seed, views=["gm_roi", "pet_roi", "snp", "demo"])
    torch.manual_seed(seed)
    model = DAAMAF.from_data(data, **(DEFAULTS | {"mode": "paper"} | kw))
    tr = Trainer(max_epochs=epochs, patience=patience, monitor=monitor, accelerator="cpu", seed=seed, num_threads=1, show_progress=False)
    fit = tr.fit(model, loaders["train"], loaders["val"], out)
    tr.load_best(model, out)
    p = tr.predict(model, loaders["test"])
    return roc_auc_score(data.y[p["index"]], p["proba"][:, 1]), fit

def decompose(model:CohortModel, big:MultimodalData, test:MultimodalData, orc:float):
    """Where the linear asymptote loses against the Bayes-optimal score: logistic regressions trained on the large draw
    `big` that are told more and more of what the Bayes observer knows: the causal SNPs by name instead of all SNPs;
    then the observer's own statistics (s_gm, s_pet: the region values projected on the planted patterns through the
    inverse noise covariance, and the genetic and demographic liability mean eta); then a flexible classifier
    (gradient boosting) on those three numbers, which can learn the non-linear likelihood ratio."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from imgen_nb.data.simulate import causal_rows
    cr, R = causal_rows(model.panel), model.R
    def stats(d:MultimodalData)->np.ndarray:
        "s_gm, s_pet and eta of every row (`CohortModel.oracle_stats`), from region means in image units, genotypes, demographics."
        x = np.hstack([d.views["gm_roi"] / model.tbar["gm"] - 1, d.views["pet_roi"] / model.tbar["pet"] - 1, np.zeros((len(d), R))])
        s, eta = model.oracle_stats(d.covariates, d.views["snp"].astype(int), x, ("gm", "pet"))
        return np.c_[s, eta]
    def fit(Xb, Xt, clf):
        sc = StandardScaler().fit(Xb)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore"); m = clf.fit(sc.transform(Xb), big.y)
        return roc_auc_score(test.y, m.predict_proba(sc.transform(Xt))[:, 1])
    img = lambda d: np.hstack([d.views["gm_roi"], d.views["pet_roi"], d.views["demo"]])
    print("decomposition (trained on the same large draw, AUC on the test participants):")
    print(f"  logistic, GM + PET + demo + the {len(cr)} causal SNPs named: "
          f"{fit(np.c_[img(big), big.views['snp'][:, cr]], np.c_[img(test), test.views['snp'][:, cr]], LogisticRegression(C=1.0, max_iter=5000)):.3f}")
    Sb, St = stats(big), stats(test)
    print(f"  logistic on the Bayes observer's statistics (s_gm, s_pet, eta): {fit(Sb, St, LogisticRegression(C=1.0, max_iter=5000)):.3f}")
    print(f"  gradient boosting on the same three numbers: {fit(Sb, St, HistGradientBoostingClassifier(random_state=0)):.3f}")
    print(f"  the Bayes-optimal score itself: {orc:.3f}", flush=True)

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="212,500,1000,2000,4000"); ap.add_argument("--test", type=int, default=4000)
    ap.add_argument("--repeats", type=int, default=1); ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--resolution", type=float, default=6.0); ap.add_argument("--out", default="runs/learning-curve")
    ap.add_argument("--asymptote", type=int, default=20000, help="participants for the linear-model asymptote (0: skip)")
    ap.add_argument("--decompose", action="store_true", help="also split the asymptote's gap to the Bayes-optimal score (see below)")
    ap.add_argument("--models", default="all", help="comma-separated model numbers (1-based, in the order of the table) or 'all'")
    ap.add_argument("--merge", help="an earlier learning_curve.tsv on the same test set: its rows of models not measured now are kept")
    a = ap.parse_args(); t_start = time.time(); out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(1)
    p = SimParams()
    model = CohortModel(p, resolution=a.resolution)
    pp = dataclasses.replace(p, proportions={"CN": 0.30 / 0.53, "AD": 0.23 / 0.53})
    test, ts, tG, tx = draw(model, pp, a.test, 1_000_000 + a.seed, "test")
    orc = roc_auc_score(test.y, model.oracle_score(ts, tG, tx, "AD_vs_CN", ("gm", "pet")))
    bayes = model.bayes_auc(tasks={"AD_vs_CN": TASK_BINS["AD_vs_CN"]}, views={"gm+pet": ("gm", "pet")})["auc"]["AD_vs_CN"]["gm+pet"]
    n1, n0 = int(test.y.sum()), int((1 - test.y).sum())
    print(f"{model}\ntest set: {a.test} participants (AD {n1}, CN {n0}); the Bayes-optimal score on it: AUC {orc:.3f} "
          f"(SE {auc_se(orc, n1, n0):.3f}); population Bayes-optimal AUC (gm+pet) {bayes:.3f}", flush=True)
    asym = {}
    if a.asymptote:                                  # what a linear model reaches with (nearly) unlimited data
        big, *_ = draw(model, pp, a.asymptote, 2_000_000 + a.seed, "big")
        for name, vs in (("GM + PET + demo", ["gm_roi", "pet_roi", "demo"]), ("GM + PET + demo + SNPs", ["gm_roi", "pet_roi", "demo", "snp"])):
            Xb, Xt = np.hstack([big.views[v] for v in vs]), np.hstack([test.views[v] for v in vs])
            sc = StandardScaler().fit(Xb)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore"); m = LogisticRegression(C=1.0, max_iter=5000).fit(sc.transform(Xb), big.y)
            asym[name] = roc_auc_score(test.y, m.decision_function(sc.transform(Xt)))
            print(f"linear asymptote: logistic regression (C=1) on {name}, trained on {a.asymptote} participants: AUC {asym[name]:.3f}", flush=True)
    if a.asymptote and a.decompose: decompose(model, big, test, orc)
    names = [*DAAMAFS, *BASELINES]
    models = names if a.models == "all" else [names[int(i) - 1] for i in a.models.split(",")]
    rows = []
    for n in [int(v) for v in a.sizes.split(",") if v]:
        for r in range(a.repeats):
            seed = 1000 * n + r + a.seed
            train, *_ = draw(model, pp, n, seed, "train")
            data = concat(train, test); tr_rows, te_rows = np.arange(n), np.arange(n, len(data))
            for name, kw in DAAMAFS.items():
                if name not in models: continue
                t0 = time.time()
                with tempfile.TemporaryDirectory() as d: auc, fit = daamaf_auc(data, n, r, Path(d), **kw)
                rows.append(dict(n_train=n, repeat=r, model=name, auc=auc, seconds=time.time() - t0, epochs=fit["epochs"]))
                print(f"n={n} repeat {r}: {name} {auc:.3f} ({time.time() - t0:.0f} s, {fit['epochs']} epochs, best {fit['best_epoch']})", flush=True)
            for name, m in BASELINES.items():
                if name not in models: continue
                t0 = time.time()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    proba, _, fitted = fit_baseline(data, tr_rows, te_rows, dict(name=name, **m), C="cv", seed=r)
                auc = roc_auc_score(data.y[te_rows], proba[:, 1])
                rows.append(dict(n_train=n, repeat=r, model=name, auc=auc, seconds=time.time() - t0, C=fitted["C"]))
                print(f"n={n} repeat {r}: {name} {auc:.3f} ({time.time() - t0:.0f} s, C={fitted['C']})", flush=True)
    if not rows: return
    df = pd.DataFrame(rows).assign(oracle_on_test=orc, bayes_population=bayes, gap_to_oracle=lambda d: d.auc - orc)
    df = pd.concat([df, pd.DataFrame([dict(n_train=a.asymptote, repeat=0, model=f"[asymptote] logistic C=1, {k}", auc=v, oracle_on_test=orc,
                                           bayes_population=bayes, gap_to_oracle=v - orc) for k, v in asym.items()])], ignore_index=True)
    if a.merge:
        old = pd.read_csv(a.merge, sep="\t")
        if not np.allclose(old.oracle_on_test, orc):
            raise SystemExit(f"--merge {a.merge}: measured on another test set (oracle AUC {old.oracle_on_test.iloc[0]:.4f}, now {orc:.4f})")
        df = pd.concat([old[~old.model.isin(df.model)], df], ignore_index=True)
    save_tsv(df, out/"learning_curve.tsv")
    tab = df.groupby(["model", "n_train"]).auc.mean().unstack()
    print(f"\nAUC on the {a.test} test participants (mean of {a.repeats} draw(s)); the Bayes-optimal score on them: {orc:.3f}")
    print(tab.round(3).to_string())
    print("\ngap to the Bayes-optimal score on the same test participants:")
    print((tab - orc).round(3).to_string())
    import matplotlib; matplotlib.use("Agg"); import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for name, g in df[~df.model.str.startswith("[asymptote]")].groupby("model"):
        m = g.groupby("n_train").auc.mean(); ax.plot(m.index, m.values, "o-", label=name)
    ax.axhline(orc, color="k", ls="--", label=f"Bayes-optimal on the test set ({orc:.3f})")
    ax.axhspan(orc - 0.03, orc, color="0.85", zorder=0, label="within 0.03")
    for (name, v), ls in zip(asym.items(), (":", "-.")):
        ax.axhline(v, color="0.4", ls=ls, lw=1, label=f"logistic, {a.asymptote} participants, {name} ({v:.3f})")
    ns = sorted(df.loc[~df.model.str.startswith("[asymptote]"), "n_train"].unique())
    ax.set_xscale("log"); ax.set_xticks(ns, [str(v) for v in ns]); ax.minorticks_off()
    ax.set(xlabel="training participants (AD + CN)", ylabel=f"AUC on {a.test} others", title="AD vs CN, simulated cohort model")
    ax.legend(fontsize=7, loc="lower right"); fig.tight_layout(); fig.savefig(out/"learning_curve.png", dpi=110)
    print(f"\nwrote {out/'learning_curve.tsv'} and {out/'learning_curve.png'} in {time.time() - t_start:.0f} s")

if __name__ == "__main__": main()
