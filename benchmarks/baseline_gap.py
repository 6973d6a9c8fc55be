"""Where do the scikit-learn baselines lose AUC against the simulator's Bayes-optimal observer?

On a simulated cohort (default: the README demo's, `runs/sim-400`, 2 mm), for AD vs CN at baseline:

1. the finite-sample reference: the simulator's own Bayes-optimal score (`CohortModel.oracle_score`, the
   log-likelihood ratio given the region means, genotypes, age, sex and education) evaluated on the cohort's
   actual AD and CN participants, per view, beside the population value of ground_truth.json;
2. linear models through the baselines' subject-level folds (5 splits, seed 0, trained on train + val, tested
   on test), adding one thing at a time: the Jacobian view, demographics (age, sex, education), C chosen by
   inner cross-validation on the training part only, region values adjusted for age and sex (fitted on the
   training part), shrinkage LDA (Ledoit-Wolf); and, as a reference that cheats, the causal SNPs alone;
3. a learning curve: the same cohort model draws fresh participants in memory (no maps: region means with the
   simulator's measurement noise), training sets of n AD + CN, one test set of `--test` participants, the
   models of 2 and the oracle on the same test set.

    python benchmarks/baseline_gap.py [--cohort runs/sim-400] [--sizes 200,400,1000] [--test 4000] [--repeats 2]
"""
import argparse, dataclasses, json, os, time, warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

os.environ.setdefault("IMGEN_PROGRESS", "0")
from imgen_nb.data.dataset import subject_folds
from imgen_nb.data.simulate import (CohortModel, SimParams, TASK_BINS, _class_loglik, auc_se, causal_rows, liability_mean,
                                    recruit)
from imgen_nb.diagnosis.baselines import cohort_data

CS = np.logspace(-4, 2, 13)

class AgeSexAdjust(BaseEstimator, TransformerMixin):
    "Residuals of the first `n_regions` columns after a least-squares fit on [1, age, sex] (the last columns), fitted on the training rows."
    def __init__(self, n_regions:int, age_col:int, sex_col:int): self.n_regions, self.age_col, self.sex_col = n_regions, age_col, sex_col
    def _Z(self, X): return np.c_[np.ones(len(X)), X[:, self.age_col], X[:, self.sex_col]]
    def fit(self, X, y=None):
        self.beta_ = np.linalg.lstsq(self._Z(X), X[:, :self.n_regions], rcond=None)[0]; return self
    def transform(self, X):
        X = np.array(X, dtype=float); X[:, :self.n_regions] -= self._Z(X) @ self.beta_; return X

def lr(C=1.0): return make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=5000))
def lr_cv(seed=0):
    return make_pipeline(StandardScaler(), LogisticRegressionCV(Cs=CS, cv=StratifiedKFold(5, shuffle=True, random_state=seed),
                                                                scoring="roc_auc", max_iter=5000))
def lda(): return make_pipeline(StandardScaler(), LinearDiscriminantAnalysis(solver="lsqr", shrinkage="auto"))
def adjusted_lr_cv(n_regions, age_col, sex_col, seed=0):
    return make_pipeline(AgeSexAdjust(n_regions, age_col, sex_col), *[s for _, s in lr_cv(seed).steps])

class Late:
    "Late fusion: one model per block of columns, their decision values turned to probabilities and averaged."
    def __init__(self, sizes, make): self.sizes, self.make = list(sizes), make
    def fit(self, X, y):
        cuts = np.cumsum([0] + self.sizes); self.parts_ = [(a, b, self.make().fit(X[:, a:b], y)) for a, b in zip(cuts[:-1], cuts[1:])]
        return self
    def decision_function(self, X): return np.mean([m.predict_proba(X[:, a:b])[:, 1] for a, b, m in self.parts_], 0)

def score(model, Xtr, ytr, Xte):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning); warnings.simplefilter("ignore", FutureWarning)
        m = model.fit(Xtr, ytr)
    return m.decision_function(Xte)

def oracle(model, subjects, G, xo, view, task="AD_vs_CN"):
    "The simulator's Bayes-optimal score of `task` from `view` (an empty view: genotypes and demographics only)."
    if view: return model.oracle_score(subjects, G, xo, task, view)
    eta = liability_mean(G[:, causal_rows(model.panel)], subjects, model.p)
    L = model.log_bin_lik(np.zeros((len(eta), 2)), eta, np.zeros((2, 2)))
    c1, c0 = TASK_BINS[task]; w = {"MCIs": 0.5, "MCIc": 0.5}
    return _class_loglik(L, c1, w, model.p.prevalence) - _class_loglik(L, c0, w, model.p.prevalence)

VIEWS = {"gm+pet+jac": ("gm", "pet", "jac"), "gm+pet": ("gm", "pet"), "gm": ("gm",), "pet": ("pet",), "none": ()}

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cohort", default="runs/sim-400"); ap.add_argument("--sizes", default="200,400,1000")
    ap.add_argument("--test", type=int, default=4000); ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args(); t_start = time.time()
    g = json.loads((Path(a.cohort)/"ground_truth.json").read_text())
    p = SimParams(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in g["params"].items()}).check()
    model = CohortModel(p, resolution=g["resolution"])
    subjects, G = recruit(g["n_subjects"], g["seed"], p, model.panel, model.scale)     # the cohort's own draw (same seed)
    data, _ = cohort_data(a.cohort, "AD_vs_CN", views=("gm_roi", "pet_roi", "jac_roi", "snp"))
    pos = pd.Series(np.arange(len(subjects)), index=subjects.participant_id)[data.keys.participant_id].to_numpy()
    sub, Gc = subjects.iloc[pos].reset_index(drop=True), G[pos]
    assert (data.views["snp"] == Gc).all() and np.allclose(sub.age, data.covariates.age), "the cohort does not match its simulation"
    tbar = np.load(Path(a.cohort)/"ground_truth_arrays.npz")["tbar"]
    xo = np.concatenate([data.views[v] / tbar[k] - 1 for k, v in enumerate(("gm_roi", "pet_roi", "jac_roi"))], 1)   # fractions
    y, R = data.y, model.R
    demo = np.c_[sub.age, sub.sex == "M", sub.education].astype(float)
    n1, n0 = int(y.sum()), int((1 - y).sum())
    print(f"{a.cohort}: AD_vs_CN at baseline, {len(y)} participants (AD {n1}, CN {n0}); {R} regions x 3 maps, {G.shape[1]} SNPs")

    # 1. the oracle on the cohort
    bay = g["bayes_auc_by_view"]["AD_vs_CN"]
    rows = []
    folds = subject_folds(data, n_splits=5, inner_splits=4, seed=0)
    for name, view in VIEWS.items():
        s = oracle(model, sub, Gc, xo, view)
        auc = roc_auc_score(y, s); per = [roc_auc_score(y[f.test], s[f.test]) for f in folds]
        rows.append(dict(view=name, bayes_population=bay[name], oracle_on_cohort=auc, se=auc_se(auc, n1, n0), oracle_split_mean=np.mean(per)))
    print("\n1. The Bayes-optimal score on the cohort's own participants (finite-sample reference):")
    print(pd.DataFrame(rows).round(3).to_string(index=False))

    # 2. linear models through the baselines' folds
    blocks = dict(gm=xo[:, :R], pet=xo[:, R:2 * R], jac=xo[:, 2 * R:], snp=Gc.astype(float), demo=demo,
                  causal=Gc[:, causal_rows(model.panel)].astype(float))
    def X(names): return np.hstack([blocks[n] for n in names])
    regions = ["gm", "pet", "jac"]
    cfgs = [("logreg C=1 (run_baselines' default)", ["gm", "pet", "snp"], lambda: lr()),
            ("logreg C=1", regions + ["snp"], lambda: lr()),
            ("logreg C=1 + demo", regions + ["snp", "demo"], lambda: lr()),
            ("logreg inner-CV C + demo", regions + ["snp", "demo"], lambda: lr_cv()),
            ("logreg inner-CV C + demo, regions age/sex-adjusted", regions + ["snp", "demo"],
             lambda: adjusted_lr_cv(3 * R, 3 * R + G.shape[1], 3 * R + G.shape[1] + 1)),
            ("logreg inner-CV C, regions + demo (no SNPs)", regions + ["demo"], lambda: lr_cv()),
            ("shrinkage LDA (Ledoit-Wolf), regions + demo", regions + ["demo"], lambda: lda()),
            ("shrinkage LDA, regions + demo + SNPs", regions + ["snp", "demo"], lambda: lda()),
            ("logreg inner-CV C, gm+pet + demo + SNPs", ["gm", "pet", "snp", "demo"], lambda: lr_cv()),
            ("late fusion, logreg C=1 per view: gm, pet, snp", ["gm", "pet", "snp"], lambda: Late([R, R, G.shape[1]], lr)),
            ("late fusion, logreg inner-CV C per view: gm, pet, jac, snp, demo", regions + ["snp", "demo"],
             lambda: Late([R, R, R, G.shape[1], 3], lr_cv)),
            ("early fusion regions + demo, late with snp (inner-CV C each)", regions + ["demo", "snp"],
             lambda: Late([3 * R + 3, G.shape[1]], lr_cv)),
            ("logreg inner-CV C, SNPs + demo ('none' view)", ["snp", "demo"], lambda: lr_cv()),
            ("logreg inner-CV C, demo only", ["demo"], lambda: lr_cv()),
            ("[cheat] logreg inner-CV C, regions + demo + causal SNPs", regions + ["causal", "demo"], lambda: lr_cv()),
            ("[cheat] logreg inner-CV C, causal SNPs + demo", ["causal", "demo"], lambda: lr_cv())]
    rows = []
    for name, names, make in cfgs:
        t0 = time.time(); Xa = X(names); s = np.zeros(len(y)); per = []
        for f in folds:
            tr = np.r_[f.train, f.val]
            s[f.test] = score(make(), Xa[tr], y[tr], Xa[f.test]); per.append(roc_auc_score(y[f.test], s[f.test]))
        rows.append(dict(model=name, features=Xa.shape[1], auc_split_mean=np.mean(per), auc_split_sd=np.std(per, ddof=1),
                         seconds=round(time.time() - t0, 1)))
    print("\n2. Linear models through the baselines' 5 subject-level folds (AUC mean and sd over the test parts):")
    print(pd.DataFrame(rows).round(3).to_string(index=False))

    # 3. learning curve on fresh participants
    share = {"CN": n0 / (n0 + n1), "AD": n1 / (n0 + n1)}
    pp = dataclasses.replace(p, proportions=share)
    def draw(n, seed):
        s, Gd = recruit(n, seed, pp, model.panel, model.scale)
        x, _ = model.sample_regions(s, Gd, np.random.default_rng(seed + 1))
        xd = model.observe(x, np.random.default_rng(seed + 2))
        return s, Gd, xd, (s.group == "AD").to_numpy().astype(int)
    ts, tG, tx, ty = draw(a.test, 10_000 + a.seed)
    def feats(s, Gd, xd, names):
        b = dict(gm=xd[:, :R], pet=xd[:, R:2 * R], jac=xd[:, 2 * R:], snp=Gd.astype(float),
                 demo=np.c_[s.age, s.sex == "M", s.education].astype(float))
        return np.hstack([b[n] for n in names])
    curve = [("logreg C=1, gm+pet+snp (run_baselines' default)", ["gm", "pet", "snp"], lambda: lr()),
             ("logreg inner-CV C, regions + snp + demo", regions + ["snp", "demo"], lambda: lr_cv()),
             ("logreg inner-CV C, regions + demo", regions + ["demo"], lambda: lr_cv()),
             ("late fusion, logreg inner-CV C per view", regions + ["snp", "demo"], lambda: Late([R, R, R, G.shape[1], 3], lr_cv)),
             ("shrinkage LDA, regions + demo", regions + ["demo"], lambda: lda())]
    orc = roc_auc_score(ty, oracle(model, ts, tG, tx, VIEWS["gm+pet+jac"]))
    rows = []
    for n in [int(v) for v in a.sizes.split(",")]:
        for name, names, make in curve:
            aucs = []
            for r in range(a.repeats):
                s, Gd, xd, yd = draw(n, 100 * n + r + a.seed)
                aucs.append(roc_auc_score(ty, score(make(), feats(s, Gd, xd, names), yd, feats(ts, tG, tx, names))))
            rows.append(dict(n_train=n, model=name, auc=np.mean(aucs), sd=np.std(aucs, ddof=1) if len(aucs) > 1 else np.nan))
    print(f"\n3. Learning curve: trained on n fresh AD + CN participants ({a.repeats} draws), tested on {a.test} others "
          f"(test-set SE of an AUC near 0.9: {auc_se(0.9, int(ty.sum()), int((1 - ty).sum())):.3f});")
    print(f"   the oracle on that test set: {orc:.3f} (population Bayes-optimal AUC {bay['gm+pet+jac']:.3f})")
    print(pd.DataFrame(rows).pivot(index="model", columns="n_train", values="auc").round(3).to_string())
    print(f"\n{time.time() - t_start:.0f} s")

if __name__ == "__main__": main()
