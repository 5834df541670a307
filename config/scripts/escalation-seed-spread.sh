#!/usr/bin/env bash
# Seed spread of the escalation training procedure (issue 14, round 16): trains the classifier with
# each seed given (cross-validated operating points included), evaluates each model on the real
# consultations and written sets 1-11, and prints one line per seed. The committed weights are not
# touched (models go to $OUT, default a temp dir). EXTRA_SETS adds set flags: set 12 has been read
# since round 17 and set 13 since round 18 (EXTRA_SETS="--set12 --set13"); never pass a set that
# has not been released for reading.
#
#   bash config/scripts/escalation-seed-spread.sh [SEED ...]      (default seeds: 14 24 34 44 54)
#
# Line: seed, real tuning raised/false, real held-out raised/false, then set N caught/false alarms
# (set 1 = config/fixtures/escalation-heldout), then the thresholds chosen by cross-validation.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
SETS="--set3 --set4 --set5 --set6 --set7 --set8 --set9 --set10 --set11 ${EXTRA_SETS:-}"
seeds=("$@")
[ ${#seeds[@]} -eq 0 ] && seeds=(14 24 34 44 54)
for seed in "${seeds[@]}"; do
  npm run --silent train:escalation -- --seed "$seed" ${TRAIN_ARGS:-} --out "$OUT/seed-$seed.json" > "$OUT/train-$seed.txt" 2>&1
  npm run --silent eval:escalation -- --model "$OUT/seed-$seed.json" $SETS > "$OUT/eval-$seed.txt" 2>&1
  line="seed $seed"
  line+=" tuning $(sed -n 's/^real tuning: .*raised \([0-9]*\), false \([0-9]*\).*/\1\/\2/p' "$OUT/eval-$seed.txt")"
  line+=" held-out $(sed -n 's/^real held-out: .*raised \([0-9]*\), false \([0-9]*\).*/\1\/\2/p' "$OUT/eval-$seed.txt")"
  line+=" sets$(sed -n 's/^written escalation-heldout\(-[0-9]*\)\{0,1\} .*caught \([0-9]*\) of [0-9]*.*false alarms \([0-9]*\).*/ \2\/\3/p' "$OUT/eval-$seed.txt" | tr -d '\n')"
  line+=" thresholds $(sed -n 's/^thresholds by cross-validation: //p' "$OUT/train-$seed.txt")"
  echo "$line"
done
