"""Benchmark: region means of many NIfTI images, imgen_nb vs nilearn's NiftiLabelsMasker.

Writes N (default 200) float32 `.nii.gz` grey-matter maps of 121×145×121 voxels (the 1.5 mm MNI grid
of SPM/CAT12 outputs: SPM12's `grey.nii` resampled onto it, plus seeded noise inside the brain) and
the AAL116 atlas resampled (nearest) onto the same grid, in a temporary folder. Then, on the same
files in the same run, it times:

- the floor: `nibabel.load(f).get_fdata()` alone (reading + decompressing + converting to float64), and
  the bare minimum, reading the bytes and `gzip.decompress` (what imgen_nb's reader does before parsing),
  on 1 and on all cores;
- `imgen_nb.data.imaging.region_means` (no cache) on all cores (Dask threads, and a Dask LocalCluster
  of processes), on one core, and a second pass served from its cache;
  (the floors and imgen_nb's runs are repeated, interleaved, and the best time kept: the machine may be busy)
- `NiftiLabelsMasker(strategy='mean').fit_transform(files)` (one call on the list, as documented),
  and the masker's `transform` called file by file;

checks that the values agree to 1e-6 relative, and prints the speed-up and the share of imgen_nb's
time that is the reading floor. Needs `../shared/data` (AAL116 and SPM12 templates).

    python benchmarks/bench_region_means.py [--n 200] [--workers 2]
"""
import argparse, gzip, os, shutil, sys, tempfile, time, warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import nibabel as nib

os.environ.setdefault("IMGEN_PROGRESS", "0")
from imgen_nb.data.imaging import Atlas, region_means
from imgen_nb.testing import shared_data

AFF15 = np.array([[-1.5, 0, 0, 90], [0, 1.5, 0, -126], [0, 0, 1.5, -72], [0, 0, 0, 1]])
SHAPE15 = (121, 145, 121)


def make_data(folder: Path, n: int, workers: int):
    "Write the atlas and n noisy grey-matter maps on the 1.5 mm grid; return (atlas, atlas path, files)."
    from nilearn.image import resample_img
    grey, aal_img = shared_data("templates", "spm12", "grey.nii"), shared_data("atlases", "aal116", "ROI_MNI_V4.nii")
    if grey is None or aal_img is None: sys.exit("needs ../shared/data (AAL116 and SPM12 templates)")
    atlas = Atlas.from_files(aal_img).resample_to((SHAPE15, AFF15), name="aal116-1.5mm")
    atlas_path, _ = atlas.save(folder/"aal116_1p5mm_dseg.nii.gz")
    base = resample_img(nib.load(grey), target_affine=AFF15, target_shape=SHAPE15, interpolation="continuous",
                        force_resample=True, copy_header=True).get_fdata().astype(np.float32)
    brain = base > 0.01
    def write(i):
        rng = np.random.default_rng(i)
        v = base.copy(); v[brain] += rng.normal(0, 0.05, int(brain.sum())).astype(np.float32)
        f = folder/f"sub-{i:04d}_gm.nii.gz"; nib.save(nib.Nifti1Image(np.clip(v, 0, 1), AFF15), f)
        return str(f)
    with ThreadPoolExecutor(workers) as ex: files = list(ex.map(write, range(n)))
    return atlas, str(atlas_path), files


def timed(fn):
    t = time.perf_counter(); out = fn(); return time.perf_counter() - t, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=200, help="number of images")
    ap.add_argument("--workers", type=int, default=os.cpu_count(), help="cores for imgen_nb and the parallel floor")
    ap.add_argument("--repeats", type=int, default=3, help="repetitions of the fast measurements (best is kept)")
    ap.add_argument("--skip-loop", action="store_true", help="skip the masker's file-by-file transform")
    a = ap.parse_args()
    warnings.simplefilter("ignore")
    tmp = Path(tempfile.mkdtemp(prefix="bench-region-means-"))
    try:
        t_make, (atlas, atlas_path, files) = timed(lambda: make_data(tmp, a.n, a.workers))
        size = sum(os.path.getsize(f) for f in files) / 1e6
        print(f"data: {a.n} images of {SHAPE15} float32 .nii.gz ({size:.0f} MB, written in {t_make:.1f} s); "
              f"atlas {atlas.name}: {len(atlas)} regions; {a.workers} worker(s); {os.cpu_count()} core(s)")
        for f in files[:3]: nib.load(f).get_fdata()           # warm the page cache alike for everyone
        gunzip = lambda f: len(gzip.decompress(Path(f).read_bytes()))
        fdata = lambda f: nib.load(f).get_fdata().shape
        def threaded(fn):
            with ThreadPoolExecutor(a.workers) as ex: return list(ex.map(fn, files))
        runs = {"floor1": lambda: [fdata(f) for f in files], "floorN": lambda: threaded(fdata),
                "gz1": lambda: [gunzip(f) for f in files], "gzN": lambda: threaded(gunzip),
                "ours": lambda: region_means(files, atlas, cache=False, scheduler="threads", n_jobs=a.workers),
                "ours1": lambda: region_means(files, atlas, cache=False, scheduler="sync")}
        best, worst, out = {k: np.inf for k in runs}, {k: 0.0 for k in runs}, {}
        for _ in range(a.repeats):                             # interleaved, best of: robust to a busy machine
            for k, fn in runs.items():
                t, out[k] = timed(fn); best[k], worst[k] = min(best[k], t), max(worst[k], t)
        t_floor1, t_floorN, t_gz1, t_gzN, t_ours, t_ours1 = (best[k] for k in runs)
        ours = out["ours"]
        t_clus, ours_c = timed(lambda: region_means(files, atlas, cache=False, scheduler="cluster", n_jobs=a.workers))
        cache = tmp/"cache"
        region_means(files, atlas, cache=cache, n_jobs=a.workers)
        t_cached, ours_k = timed(lambda: region_means(files, atlas, cache=cache, n_jobs=a.workers))

        from nilearn.maskers import NiftiLabelsMasker
        masker = NiftiLabelsMasker(atlas_path, strategy="mean")
        t_mask, ref = timed(lambda: masker.fit_transform(files))
        ids = [int(c) for k, c in masker.region_ids_.items() if k != "background"]
        ref = ref[:, [ids.index(c) for c in atlas.codes]]
        rel = np.max(np.abs(ours.values - ref) / np.abs(ref))
        assert rel < 1e-6, rel
        assert np.array_equal(ours.values, ours_c.values) and np.array_equal(ours.values, ours_k.values)
        if not a.skip_loop:
            t_loop, ref2 = timed(lambda: np.stack([masker.transform(f) for f in files]))
            assert np.max(np.abs(ours.values - ref2[:, [ids.index(c) for c in atlas.codes]]) / np.abs(ref)) < 1e-6

        per = lambda t: f"{t:7.2f} s  ({1000 * t / a.n:6.1f} ms/image)"
        print(f"floor  nibabel load + get_fdata, 1 core      {per(t_floor1)}")
        print(f"floor  nibabel load + get_fdata, {a.workers} threads   {per(t_floorN)}")
        print(f"floor  read bytes + gzip.decompress, 1 core  {per(t_gz1)}")
        print(f"floor  read bytes + gzip.decompress, {a.workers} thr.  {per(t_gzN)}")
        print(f"imgen  region_means, Dask threads x{a.workers}       {per(t_ours)}")
        print(f"imgen  region_means, Dask LocalCluster x{a.workers}  {per(t_clus)}  (includes cluster start-up)")
        print(f"imgen  region_means, 1 core (sync)          {per(t_ours1)}")
        print(f"imgen  region_means, second pass (cache)    {per(t_cached)}")
        print(f"nilearn NiftiLabelsMasker.fit_transform     {per(t_mask)}")
        if not a.skip_loop: print(f"nilearn masker.transform file by file       {per(t_loop)}")
        print(f"values: max relative difference imgen vs nilearn = {rel:.2e} (required < 1e-6)")
        print(f"speed-up vs NiftiLabelsMasker.fit_transform: {t_mask / t_ours:.1f}x ({a.workers} cores; "
              f"{t_mask / worst['ours']:.1f}x with imgen's slowest repeat), {t_mask / t_ours1:.1f}x (1 core; "
              f"{t_mask / worst['ours1']:.1f}x slowest)" + ("" if a.skip_loop else
              f"; vs file-by-file transform: {t_loop / t_ours:.1f}x ({a.workers} cores), {t_loop / t_ours1:.1f}x (1 core)"))
        print(f"share of imgen's time that is reading + decompressing (read bytes + gzip.decompress): "
              f"{t_gzN / t_ours:.0%} ({a.workers} cores), {t_gz1 / t_ours1:.0%} (1 core)")
        print(f"nibabel load + get_fdata alone, relative to imgen's whole time: "
              f"{t_floorN / t_ours:.0%} ({a.workers} cores), {t_floor1 / t_ours1:.0%} (1 core)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
