#!/usr/bin/env bash
# Regenerates the top-level results/ files of the short benchmark runs with one command. Each run's folder gets its
# run.txt (exact command, commit, machine, wall time), its long-format results_long.csv
# (benchmark,method,data,seed,metric,value; timings included) and the benchmark's own CSVs:
#   demo   bench/record-demo.sh: results/demo-quick.txt, demo-full.txt, demo-quick/, demo-full/   (about 4 minutes)
#   dual   ./cryograd benchmark dual --quick --seed 1 -> results/dual-quick/                     (about 7 minutes)
#   polar  ./cryograd benchmark polar --quick -> results/polar-quick/                            (about 6 minutes)
#   cn     ./cryograd benchmark cn --quick -> results/cn-quick/ (needs ../shared/templates)      (about 4 minutes)
#   cn-nocorr  the same without CTF phase flipping -> results/cn-nocorr-quick/                    (about 4 minutes)
#   cn-fine  ./cryograd benchmark cn --quick --voxel-size 5 -> results/cn-fine-quick/ (several CTF zeros in the band) (about 6 minutes)
#   cn-fine-nocorr  the same without CTF phase flipping -> results/cn-fine-nocorr-quick/          (about 6 minutes)
#   cn-standard  ./cryograd benchmark cn -> results/cn-standard/ (96x96x48, 7 test tomograms)      (about 90 minutes)
#   dual-sim  ./cryograd benchmark dual-sim --quick --seed 1 -> results/dual-sim-quick/ (needs ../shared/templates) (about 11 minutes)
#   dual-sim-nocorr  the same without CTF phase flipping -> results/dual-sim-nocorr-quick/       (about 9 minutes)
#   dual-sim-long  the same as dual-sim with 1,800 DUAL steps -> results/dual-sim-long-quick/     (about 23 minutes)
#   dual-sim-seed2, dual-sim-seed3  dual-sim with seed 2 or 3 (other specimens, noise and training) -> results/dual-sim-seedN-quick/ (about 10 minutes each)
#   dual-sim-hour  the same as dual-sim with DUAL at widths 1/2 (U-Net base 16), 3,000 steps -> results/dual-sim-hour-quick/ (about 80 minutes)
#   polar-sim  ./cryograd benchmark polar-sim --quick -> results/polar-sim-quick/ (needs ../shared/templates) (about 13 minutes)
#   polar-sim-long3  polar-sim with up to 600 steps (validated every 200), seeds 1, 2, 3 -> results/polar-sim-long3-quick/ (about 62 minutes)
#   polar-sim-snrs  polar-sim --quick at the paper's SNRs 1, 0.1, 0.05, 0.02, seed 1 -> results/polar-sim-snrs-quick/ (about 22 minutes)
#   polar-sim-lr  polar-sim-long3's seed 1 with the learning-rate grid 3e-4, 1e-3, 3e-3, 1e-2 -> results/polar-sim-lr-quick/ (about 44 minutes)
#   polar-sim-dncnn17  polar-sim-long3's seed 1 with only DnCNN, both forms, at the paper's 17 x 64 and learning rate 1e-3 -> results/polar-sim-dncnn17-quick/ (about 102 minutes)
#   polar-sim-dncnn17-seeds  the same for seeds 2 and 3, direct DnCNN only (the stronger form at 17 x 64) -> results/polar-sim-dncnn17-seeds-quick/ (about 100 minutes)
#   polar-sim-dncnn17-lr  the direct 17 x 64 DnCNN of polar-sim-dncnn17 at learning rate 3e-3 (seed 1) -> results/polar-sim-dncnn17-lr-quick/ (about 45 minutes)
#   polar-sim-dncnn17-lrlow  the same at learning rate 3e-4 -> results/polar-sim-dncnn17-lrlow-quick/ (about 45 minutes)
#   polar-sim-polar6000  seed 1's polar CNN and transformer trained 6,000 steps at 1e-3, validated every 1,000 (a 17 x 64 DnCNN's
#              600 steps cost more CPU time) -> results/polar-sim-polar6000-quick/ (about 52 minutes)
#   polar-sim-polar6000-seeds  the same for seeds 2 and 3 -> results/polar-sim-polar6000-seeds-quick/ (about 110 minutes)
#   polar-sim-3seeds  bench/combine_seeds.py: polar-sim-long3, polar-sim-dncnn17 and polar-sim-dncnn17-seeds pooled per seed (the
#              baselines must agree), with per-seed ratios to the 17 x 64 direct DnCNN -> results/polar-sim-3seeds/ (seconds; runs nothing)
#   polar-sim-polar6000-3seeds  the same pooling of polar-sim-polar6000, polar-sim-polar6000-seeds and the two 17 x 64 DnCNN runs
#              (polar networks at 6,000 steps, DnCNN at 600) -> results/polar-sim-polar6000-3seeds/ (seconds; runs nothing)
# Times are for 2 cores (the wall seconds in each run.txt), without other load.
#   bench/results.sh                 # all but cn-fine*, cn-standard and the *-sim runs
#   bench/results.sh dual polar      # some
#   CRYOGRAD_RESULTS_DIR=DIR ...     # write under DIR instead of results/
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="${CRYOGRAD_RESULTS_DIR:-results}"
all=(demo dual polar cn cn-nocorr cn-fine cn-fine-nocorr cn-standard dual-sim dual-sim-nocorr dual-sim-long dual-sim-seed2 dual-sim-seed3 dual-sim-hour polar-sim polar-sim-long3 polar-sim-snrs polar-sim-lr polar-sim-dncnn17 polar-sim-dncnn17-seeds polar-sim-dncnn17-lr polar-sim-dncnn17-lrlow polar-sim-polar6000 polar-sim-polar6000-seeds polar-sim-3seeds polar-sim-polar6000-3seeds)
runs=("$@"); [ ${#runs[@]} -eq 0 ] && runs=(demo dual polar cn cn-nocorr)   # cn-fine*, cn-standard and the *-sim runs only when named
for r in "${runs[@]}"; do
  [[ " ${all[*]} " == *" $r "* ]] || { echo "bench/results.sh: unknown run '$r' (${all[*]})" >&2; exit 2; }
done
./cryograd --version > /dev/null   # builds the jar first, so the build is not in the timings
tmp="$(mktemp -d "${TMPDIR:-/tmp}/cryograd-results.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
dual_sim_keep=(summary.csv validation.csv details.csv realism.csv realism_summary.csv codes_summary.csv choices.txt)
for r in "${runs[@]}"; do
  case "$r" in
    demo) CRYOGRAD_RESULTS_DIR="$results" bench/record-demo.sh; continue ;;
    polar-sim-3seeds) python3 bench/combine_seeds.py --out "$results/polar-sim-3seeds" --ratio polar_transformer/dncnn_direct \
        --ratio polar_cnn/dncnn_direct --ratio polar_transformer/polar_cnn \
        "$results/polar-sim-long3-quick" "$results/polar-sim-dncnn17-quick" "$results/polar-sim-dncnn17-seeds-quick"; continue ;;
    polar-sim-polar6000-3seeds) python3 bench/combine_seeds.py --out "$results/polar-sim-polar6000-3seeds" --ratio polar_transformer/dncnn_direct \
        --ratio polar_cnn/dncnn_direct --ratio polar_transformer/polar_cnn \
        "$results/polar-sim-polar6000-quick" "$results/polar-sim-polar6000-seeds-quick" "$results/polar-sim-dncnn17-quick" \
        "$results/polar-sim-dncnn17-seeds-quick"; continue ;;
    dual) args=(benchmark dual --quick --seed 1); keep=(results.csv details.csv realism.csv picking_breakdown.csv) ;;
    polar) args=(benchmark polar --quick); keep=(results.csv fsc_summary.csv) ;;
    cn) args=(benchmark cn --quick); keep=(summary.csv validation.csv choices.txt) ;;
    cn-nocorr) args=(benchmark cn --quick --no-ctf-correct); keep=(summary.csv validation.csv choices.txt) ;;
    cn-fine) args=(benchmark cn --quick --voxel-size 5); keep=(summary.csv validation.csv choices.txt) ;;
    cn-fine-nocorr) args=(benchmark cn --quick --voxel-size 5 --no-ctf-correct); keep=(summary.csv validation.csv choices.txt) ;;
    cn-standard) args=(benchmark cn); keep=(summary.csv validation.csv choices.txt) ;;
    dual-sim) args=(benchmark dual-sim --quick --seed 1); keep=("${dual_sim_keep[@]}") ;;
    dual-sim-nocorr) args=(benchmark dual-sim --quick --seed 1 --no-ctf-correct); keep=("${dual_sim_keep[@]}") ;;
    dual-sim-long) args=(benchmark dual-sim --quick --seed 1 --steps 1800); keep=("${dual_sim_keep[@]}") ;;
    dual-sim-seed2) args=(benchmark dual-sim --quick --seed 2); keep=("${dual_sim_keep[@]}") ;;
    dual-sim-seed3) args=(benchmark dual-sim --quick --seed 3); keep=("${dual_sim_keep[@]}") ;;
    dual-sim-hour) args=(benchmark dual-sim --quick --seed 1 --widths 1/2 --steps 3000); keep=("${dual_sim_keep[@]}") ;;
    polar-sim) args=(benchmark polar-sim --quick); keep=(summary.csv fsc_summary.csv choices.txt) ;;
    polar-sim-long3) args=(benchmark polar-sim --quick --steps 600 --seeds 1,2,3); keep=(summary.csv fsc_summary.csv choices.txt) ;;
    polar-sim-snrs) args=(benchmark polar-sim --quick --seeds 1 --snr 1,0.1,0.05,0.02); keep=(summary.csv fsc_summary.csv choices.txt) ;;
    polar-sim-lr) args=(benchmark polar-sim --quick --steps 600 --seeds 1 --lr 0.0003,0.001,0.003,0.01); keep=(summary.csv fsc_summary.csv choices.txt) ;;
    polar-sim-dncnn17) args=(benchmark polar-sim --quick --steps 600 --seeds 1 --dncnn 17x64 --methods dncnn,dncnn_direct --lr 0.001); keep=(summary.csv fsc_summary.csv choices.txt) ;;
    polar-sim-dncnn17-seeds) args=(benchmark polar-sim --quick --steps 600 --seeds 2,3 --dncnn 17x64 --methods dncnn_direct --lr 0.001); keep=(summary.csv fsc_summary.csv choices.txt) ;;
    polar-sim-dncnn17-lr) args=(benchmark polar-sim --quick --steps 600 --seeds 1 --dncnn 17x64 --methods dncnn_direct --lr 0.003); keep=(summary.csv fsc_summary.csv choices.txt) ;;
    polar-sim-dncnn17-lrlow) args=(benchmark polar-sim --quick --steps 600 --seeds 1 --dncnn 17x64 --methods dncnn_direct --lr 0.0003); keep=(summary.csv fsc_summary.csv choices.txt) ;;
    polar-sim-polar6000) args=(benchmark polar-sim --quick --steps 6000 --validate-every 1000 --seeds 1 --methods polar_cnn,polar_transformer --lr 0.001); keep=(summary.csv fsc_summary.csv choices.txt) ;;
    polar-sim-polar6000-seeds) args=(benchmark polar-sim --quick --steps 6000 --validate-every 1000 --seeds 2,3 --methods polar_cnn,polar_transformer --lr 0.001); keep=(summary.csv fsc_summary.csv choices.txt) ;;
  esac
  folder="$r-quick"; [[ "$r" == *-standard ]] && folder="$r"
  if ! ./cryograd "${args[@]}" --out "$tmp/$r" > "$tmp/$r.log" 2>&1; then
    tail -20 "$tmp/$r.log" >&2
    echo "bench/results.sh: ./cryograd ${args[*]} failed (log above); $results/$folder/ left as it was" >&2
    exit 1
  fi
  mkdir -p "$results/$folder"
  for f in run.txt results_long.csv "${keep[@]}"; do cp "$tmp/$r/$f" "$results/$folder/"; done
  echo "wrote $results/$folder/ ($(printf '%s ' run.txt results_long.csv "${keep[@]}"))"
done
