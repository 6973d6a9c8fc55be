"The `imgen` command as a user meets it: help, version, and one-line errors."
import subprocess, sys
import pytest
import imgen_nb
from conftest import bin_of

def imgen(*args, **kw):
    return subprocess.run([bin_of("imgen"), *args], capture_output=True, text=True, timeout=300, **kw)

def test_help_lists_subcommands():
    r = imgen("--help")
    assert r.returncode == 0, r.stderr
    for c in ["simulate", "features", "qc", "baselines", "run", "sweep", "docs", "demo"]: assert c in r.stdout

def test_version():
    r = imgen("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"imgen_nb {imgen_nb.__version__}"

def test_bad_argument_is_one_line_and_nonzero():
    r = imgen("--definitely-not-an-option")
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "error" in lines[0] and "Traceback" not in r.stderr

def test_unknown_subcommand():
    r = imgen("frobnicate")
    assert r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1

def test_library_error_is_one_line_and_debug_shows_traceback():
    r = imgen("demo", "--device", "no-such-device")
    assert r.returncode == 2, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "unknown device" in r.stderr
    r = imgen("--debug", "demo", "--device", "no-such-device")
    assert r.returncode != 0 and "Traceback" in r.stderr

def test_module_entry_point():
    r = subprocess.run([sys.executable, "-c", "from imgen_nb.cli import main; raise SystemExit(main(['--version']))"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "imgen_nb" in r.stdout

@pytest.mark.parametrize("flags", [["--maf", "0.05", "--geno", "0.05", "--hwe", "1e-6"],
                                   ["--maf", "0.05", "--hwe", "0.01", "midp", "keep-fewhet"]])
def test_qc_matches_plink2(tmp_path, flags):
    "`imgen qc` keeps exactly the SNPs and samples plink2 keeps on the real 1000 Genomes files, given plink2's own flags."
    import shutil
    from imgen_nb.testing import shared_data
    bed = shared_data("genotypes", "1000g_phase1", "1kg.ref.phase1_release_v3.20101123_thinned_autosomal_overlap.bed")
    if bed is None or not shutil.which("plink2"): pytest.skip("SKIPPED: ../shared/data genotypes or plink2 missing")
    prefix = str(bed)[:-4]
    r = imgen("qc", prefix, *flags, "--out", str(tmp_path/"ours"))
    assert r.returncode == 0, r.stderr
    assert "removed due to Hardy-Weinberg" in r.stdout
    p = subprocess.run(["plink2", "--bfile", prefix, *flags, "--write-snplist", "--write-samples", "--threads", "2",
                        "--out", str(tmp_path/"plink2")], capture_output=True, text=True)
    assert p.returncode == 0, p.stdout
    assert (tmp_path/"ours.snplist").read_text() == (tmp_path/"plink2.snplist").read_text()
    assert (tmp_path/"ours.samples").read_text() == (tmp_path/"plink2.id").read_text()   # plink2 names its --write-samples file .id

def test_qc_bad_input_is_one_line(tmp_path):
    r = imgen("qc", str(tmp_path/"missing"), "--out", str(tmp_path/"o"))
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and ".bed" in r.stderr
    r = imgen("qc", str(tmp_path/"missing"), "--hwe", "0.01", "fewhet", "--out", str(tmp_path/"o"))
    assert r.returncode == 2 and "--hwe modifiers are midp and keep-fewhet, got fewhet" in r.stderr

def _offline(cmd):
    "Run `cmd` without any network (a fresh network namespace) when the machine allows it."
    import shutil
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        return ["unshare", "-n", *cmd], True
    return cmd, False

def test_features_builtin_atlas_offline_matches_masker(tmp_path):
    "`imgen features` with the built-in atlas runs with the network off and equals nilearn's masker."
    import pandas as pd, numpy as np, pytest
    from imgen_nb.testing import shared_data
    grey = shared_data("templates", "spm12", "grey.nii")
    if grey is None: pytest.skip("SKIPPED: ../shared/data not found")
    cmd, offline = _offline([bin_of("imgen"), "features", str(grey), "--out", str(tmp_path/"f.tsv")])
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env={**__import__("os").environ, "IMGEN_CACHE": str(tmp_path/"cache")})
    assert r.returncode == 0, r.stderr
    print("offline (network namespace):", offline)
    df = pd.read_csv(tmp_path/"f.tsv", sep="\t")
    assert df.image.tolist() == [str(grey)] and df.shape[1] == 117
    from nilearn.maskers import NiftiLabelsMasker
    from nilearn.image import resample_to_img
    from imgen_nb.data.imaging import builtin_atlas
    at = builtin_atlas(2)
    img = resample_to_img(str(grey), at.img, interpolation="continuous", force_resample=True, copy_header=True)
    ref = np.asarray(NiftiLabelsMasker(at.img, strategy="mean").fit_transform(img)).ravel()
    ours = df[list(at.names)].to_numpy().ravel()
    assert ref.shape == ours.shape == (116,)
    np.testing.assert_allclose(ours, ref, rtol=1e-5)

def test_features_cohort_folder_needs_modality(tmp_path):
    r = imgen("features", str(tmp_path), "--out", str(tmp_path/"f.tsv"))
    assert r.returncode == 2 and "--modality" in r.stderr and len(r.stderr.strip().splitlines()) == 1
