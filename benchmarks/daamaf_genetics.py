"""Does DAAMAF use genetics? APOE's worth to a linear model against DAAMAF variants, and a look inside the SNP path.

On a tuning draw of the simulator's cohort model (not the learning curve's test set): `--test` AD and CN
participants to test on, n to train on (a quarter for early stopping, as in `benchmarks/learning_curve.py`).

1. Logistic regressions on 3/4 of the n (the same training part DAAMAF gets): GM + PET + demographics, with
   APOE's two SNPs added, with the 11 causal SNPs, with all SNPs (C in 0.003, 0.01, 0.1, 1; the best printed).
2. DAAMAF, paper mode, `fusion='product', residual=False`, with: the published routing; the SNP encoder also
   trained by the diagnostic loss (`clf_trains_snp_encoder=True`); that and the adversarial losses off; that and
   the diagnostician also given the attentive vector (an additive path for genetics, patched into the model
   here, not a library option).
3. For each DAAMAF, on the test participants: the largest |correlation| between a dimension of the SNP latent's
   mean and the APOE (rs429358) dosage, the attentive vector's SD across participants and its largest
   |correlation| with the dosage.

    python benchmarks/daamaf_genetics.py [--n 2000] [--test 3000] [--seed 7]

Measured on the project's 2-core machine (Bayes-optimal score on the 3,000 test participants 0.913).
`--n 2000` (8 min): logistic GM + PET + demo 0.861, + APOE 0.884, + causal 0.885, + all SNPs 0.846; DAAMAF
0.863 published routing, 0.856 SNP encoder trained by the diagnosis (latent-APOE |r| <= 0.065, attentive vector
SD 0.0066), 0.863 without the adversarial losses (|r| <= 0.225), 0.858 with the additive path.
`--n 8000` (the same draws and seeds, measured with the scratch scripts this file packages; about 6 minutes per
DAAMAF): logistic 0.868 / + APOE 0.894 / + causal 0.896 / + all SNPs 0.877; DAAMAF 0.871, 0.866, 0.869, 0.871.
"""
import argparse, dataclasses, os, tempfile, time, warnings
from pathlib import Path

import numpy as np
os.environ.setdefault("IMGEN_PROGRESS", "0")
import torch
from torch import nn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

from imgen_nb.data.dataset import Fold, fold_loaders, stratified_group_kfold
from imgen_nb.data.simulate import CohortModel, SimParams, causal_rows
from imgen_nb.diagnosis.daamaf import DAAMAF, DEFAULTS, daamaf_transform
from imgen_nb.diagnosis.train import Trainer
from learning_curve import concat, draw

class AdditiveMaskDAAMAF(DAAMAF):
    "DAAMAF whose diagnostician reads [F ⊙ a, a]: the attentive vector also enters additively (a probe, not the method)."
    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        n, h = self.fusion.n_out, self.diagnostician[0].out_features
        self.diagnostician = nn.Sequential(nn.Linear(2 * n, h), nn.ELU(), nn.Linear(h, self.n_classes))
    def forward(self, batch):
        self._check_batch(batch)
        x_m, x_p, e, c = (batch[v] for v in self.views)
        fo = self.fusion(x_m, x_p, batch.get("index")); vo = self.vae(e); go = self.generator(c, vo["z"])
        masked = fo["fused"] * go["attn_mask"]
        return dict(logits=self.diagnostician(torch.cat([masked, go["attn_mask"]], -1)), region_weights=go["attn_mask"],
                    attn_mask=go["attn_mask"], masked=masked, fake=go["fake"], d_real=self.discriminator(fo["fused"].detach()),
                    d_fake=self.discriminator(go["fake"]), d_fake_detached=self.discriminator(go["fake"].detach()), **vo, **fo)

PRODUCT = dict(fusion="product", residual=False)
VARIANTS = {"published routing": (DAAMAF, PRODUCT),
            "SNP encoder trained by the diagnosis": (DAAMAF, PRODUCT | dict(clf_trains_snp_encoder=True)),
            "... and no adversarial losses": (DAAMAF, PRODUCT | dict(clf_trains_snp_encoder=True, loss_weights={"gen": 0.0, "dis": 0.0})),
            "... and the attentive vector also additive": (AdditiveMaskDAAMAF, PRODUCT | dict(clf_trains_snp_encoder=True))}

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=2000); ap.add_argument("--test", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7); ap.add_argument("--epochs", type=int, default=60)
    a = ap.parse_args(); torch.set_num_threads(1)
    p = SimParams(); model = CohortModel(p, resolution=6.0)
    pp = dataclasses.replace(p, proportions={"CN": 0.30 / 0.53, "AD": 0.23 / 0.53})
    test, ts, tG, tx = draw(model, pp, a.test, 3_000_000, "test")
    orc = roc_auc_score(test.y, model.oracle_score(ts, tG, tx, "AD_vs_CN", ("gm", "pet")))
    train, *_ = draw(model, pp, a.n, 5_000_000 + a.n + a.seed, "train")
    data, cr, n = concat(train, test), causal_rows(model.panel), a.n
    val = np.sort(stratified_group_kfold(data.y[:n], data.participants[:n], 4, a.seed)[0])
    fold = Fold(0, np.setdiff1d(np.arange(n), val), val, np.arange(n, len(data)))
    print(f"Bayes-optimal score on the {a.test} test participants: {orc:.3f}; training draw n = {n} ({len(fold.train)} fitted, {len(val)} for early stopping)")
    img = lambda d: np.hstack([d.views["gm_roi"], d.views["pet_roi"], d.views["demo"]])
    for name, f in (("GM + PET + demo", img), ("+ APOE (2 SNPs)", lambda d: np.c_[img(d), d.views["snp"][:, cr[:2]]]),
                    ("+ the 11 causal SNPs", lambda d: np.c_[img(d), d.views["snp"][:, cr]]), ("+ all SNPs", lambda d: np.c_[img(d), d.views["snp"]])):
        A, B = f(data)[fold.train], f(test); sc = StandardScaler().fit(A)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            aucs = {C: roc_auc_score(test.y, LogisticRegression(C=C, max_iter=5000).fit(sc.transform(A), data.y[fold.train]).decision_function(sc.transform(B)))
                    for C in (0.003, 0.01, 0.1, 1.0)}
        C = max(aucs, key=aucs.get); print(f"logistic, {name}: {aucs[C]:.3f} (best C {C} on the test set: an upper reference)", flush=True)
    apoe = test.views["snp"][:, cr[0]]
    T = daamaf_transform(data).fit(data, fold); te = T.transform(data, fold.test)
    for name, (cls, kw) in VARIANTS.items():                 # fresh loaders each time: every variant sees the same shuffles
        loaders = fold_loaders(data, fold, daamaf_transform(data), batch_size=32, seed=a.seed, views=["gm_roi", "pet_roi", "snp", "demo"])
        t0 = time.time(); torch.manual_seed(a.seed)
        m = cls.from_data(data, **(DEFAULTS | {"mode": "paper"} | kw))
        with tempfile.TemporaryDirectory() as d:
            tr = Trainer(max_epochs=a.epochs, patience=20, monitor="auc", accelerator="cpu", seed=a.seed, num_threads=1, show_progress=False)
            fit = tr.fit(m, loaders["train"], loaders["val"], d); tr.load_best(m, d)
        m.eval()
        b = {v: torch.as_tensor(te[v], dtype=torch.float32) for v in m.views}
        b.update(index=torch.as_tensor(fold.test), y=torch.as_tensor(data.y[fold.test]))
        with torch.no_grad(): o = m(b)
        lg = (o["logits"][:, 1] - o["logits"][:, 0]).numpy(); mu, att = o["mu"].numpy(), o["attn_mask"].numpy()
        cor = lambda X: np.nanmax(np.abs([np.corrcoef(X[:, k], apoe)[0, 1] if X[:, k].std() > 0 else np.nan for k in range(X.shape[1])]))
        print(f"DAAMAF, product fusion, {name}: AUC {roc_auc_score(test.y, lg):.3f}; SNP latent vs APOE |r| <= {cor(mu):.3f}; "
              f"attentive vector SD {att.std(0).mean():.4f}, vs APOE |r| <= {cor(att):.3f} ({time.time() - t0:.0f} s, best epoch {fit['best_epoch']})", flush=True)

if __name__ == "__main__": main()
