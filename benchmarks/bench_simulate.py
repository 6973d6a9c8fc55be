"""Benchmark of the cohort simulator: subjects per second simulated and written at 2 mm, per Dask scheduler,
and the wall time of the README demo's cohort (DEMO_SUBJECTS participants at 2 mm, default settings).

Each run writes a whole cohort (participants.tsv, PLINK genotypes, GM/PET/Jacobian maps, connectomes,
ground truth with the Bayes-optimal AUCs) into a fresh temporary folder. The rate is the number of
subjects divided by the time of the map-writing phase (the part that grows with the cohort); the
fixed costs (templates and atlas on the grid, noise covariances, Bayes Monte Carlo) are printed apart.
The demo cohort is timed first, twice: with an empty cache in a fresh process (the first run on a machine:
the built-in atlas is built, nilearn's templates resampled and the noise covariances computed, then cached)
and with the cache filled. The time is
simulate_cohort's own (deleting the 540 MB folder afterwards is not counted). The machine's load average is
printed too: on a shared machine other jobs slow every number down.

    python benchmarks/bench_simulate.py [--n-rate 60] [--schedulers threads,processes,sync] [--demo/--no-demo] [--resolution 2]
"""
import argparse, os, shutil, tempfile
from pathlib import Path

from imgen_nb.data.simulate import DEMO_SUBJECTS, simulate_cohort


def du(path: Path) -> float:
    "Size of a folder in MB."
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def run(n: int, resolution: float, scheduler: str, cold: bool = False) -> dict:
    "Simulate into a fresh folder (with an empty cache when `cold`); return simulate_cohort's summary and the size."
    tmp = Path(tempfile.mkdtemp(prefix="imgen-bench-sim-"))
    try:
        r = simulate_cohort(tmp / "cohort", n, seed=0, resolution=resolution, scheduler=scheduler,
                            cache=(tmp / "cache") if cold else True)
        r["mb"] = du(tmp / "cohort")
        return r
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n-rate", type=int, default=60, help="subjects per scheduler for the rate")
    ap.add_argument("--schedulers", default="threads,processes,sync")
    ap.add_argument("--resolution", type=float, default=2.0)
    ap.add_argument("--demo", action=argparse.BooleanOptionalAction, default=True, help="also time the demo cohort")
    ap.add_argument("--demo-scheduler", default="threads", help="scheduler for the demo cohort (simulate_cohort's default)")
    a = ap.parse_args()
    os.environ.setdefault("IMGEN_PROGRESS", "0")
    print(f"cpus: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.2f}")
    if a.demo:
        for cold in (True, False):
            r = run(DEMO_SUBJECTS, a.resolution, a.demo_scheduler, cold)
            wall = r["seconds"]
            print(f"demo cohort ({'empty cache' if cold else 'cached templates and noise covariances'}): {DEMO_SUBJECTS} subjects "
                  f"at {a.resolution:g} mm ({a.demo_scheduler}) in {wall:.1f} s ({'under' if wall < 120 else 'OVER'} 2 minutes); "
                  f"{r['mb']:.0f} MB; " + ", ".join(f"{k} {v:.1f} s" for k, v in r["timing"].items()), flush=True)
        print("Bayes-optimal AUC: " + ", ".join(f"{k} {v:.3f}" for k, v in r["bayes_auc"].items()))
    for sch in a.schedulers.split(","):
        r = run(a.n_rate, a.resolution, sch)
        t = r["timing"]
        print(f"{sch:>9}: {a.n_rate} subjects at {a.resolution:g} mm in {r['seconds']:.1f} s; maps {t['maps']:.1f} s = "
              f"{a.n_rate / t['maps']:.2f} subjects/s; overall {a.n_rate / r['seconds']:.2f} subjects/s "
              f"(fixed: model {t['model']:.1f} s, Bayes/truth {t['truth']:.1f} s; {r['mb'] / a.n_rate:.2f} MB per subject)")
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
