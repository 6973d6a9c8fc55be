"""The baselines of `run_baselines` on a simulated cohort, as they were (C = 1; GM, PET and SNP views) and with the
demographics and Jacobian views and C chosen on each training part (`C='cv'`), beside the Bayes-optimal AUC.

    python benchmarks/baselines_sim.py [--cohort runs/sim-400] [--out /tmp/baselines-sim]
"""
import argparse, json, os, tempfile, time
from pathlib import Path

os.environ.setdefault("IMGEN_PROGRESS", "0")
import pandas as pd
from imgen_nb.diagnosis.baselines import cohort_data, run_baselines

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cohort", default="runs/sim-400"); ap.add_argument("--out", default=None)
    a = ap.parse_args(); out = Path(a.out or tempfile.mkdtemp()); t0 = time.time()
    g = json.loads((Path(a.cohort)/"ground_truth.json").read_text())["bayes_auc_by_view"]["AD_vs_CN"]
    data, _ = cohort_data(a.cohort, "AD_vs_CN", views=("gm_roi", "pet_roi", "jac_roi", "snp", "demo"))
    runs = [("C=1", ["gm_roi", "pet_roi", "snp"], ["logreg", "svm"], 1.0),
            ("C=cv", ["gm_roi", "pet_roi", "jac_roi", "snp", "demo"], ["logreg"], "cv")]
    rows = []
    for tag, views, clfs, C in runs:
        s = run_baselines(data, "AD_vs_CN", out/tag, views=views, classifiers=clfs, C=C, n_boot=200, figures=False)
        rows += [dict(C=tag, method=r.method, auc=f"{r.auc_mean:.3f} ± {r.auc_sd:.3f}") for r in s.itertuples()]
    print(f"{a.cohort}: AD_vs_CN, {len(data)} participants; Bayes-optimal AUC " + ", ".join(f"{k} {v:.3f}" for k, v in g.items()))
    print(pd.DataFrame(rows).to_string(index=False)); print(f"{time.time() - t0:.0f} s")

if __name__ == "__main__": main()
