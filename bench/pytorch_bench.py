"""PyTorch's samples/s for a network CNN Studio exported (its PyTorch script's `Net`).

bench/run.ts runs this beside its own comparison, so a GPU machine prints CNN Studio's,
tfjs-webgpu's and PyTorch's rates for the same model in one run. Eager mode, cudnn.benchmark = True,
in FP32 and then TF32, on random data; training steps are SGD (lr 0.01) on cross-entropy, as
bench/compare.ts trains. Timing follows compare.ts: `--warmup` untimed steps, the last one timed
alone to choose how many steps fill about `--seconds` (at most `--max-steps`), then those steps
timed together between two torch.cuda.synchronize() calls.

Prints one JSON line: {"device", "torch", "rows": [{"mode", "precision", "steps", "seconds",
"samplesPerSecond"}]}, or {"unavailable": why} when there is no CUDA device.
"""

import argparse
import importlib.util
import json
import time

import torch
import torch.nn.functional as F


def load_net(path):
    spec = importlib.util.spec_from_file_location("exported_network", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure(step, sync, warmup, seconds, max_steps, batch):
    one = 0.0
    for _ in range(warmup):
        sync()
        t = time.perf_counter()
        step()
        sync()
        one = time.perf_counter() - t
    steps = max(1, min(max_steps, round(seconds / one)))
    sync()
    t = time.perf_counter()
    for _ in range(steps):
        step()
    sync()
    elapsed = time.perf_counter() - t
    return {"steps": steps, "seconds": elapsed, "samplesPerSecond": steps * batch / elapsed}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("script", help="the network's PyTorch script (cnn-studio export --format pytorch)")
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--max-steps", type=int, default=200)
    p.add_argument("--device", default="cuda", help="cpu only checks that the script runs")
    a = p.parse_args()
    cuda = a.device == "cuda"
    if cuda and not torch.cuda.is_available():
        print(json.dumps({"unavailable": f"no CUDA device (torch {torch.__version__})"}))
        return
    exported = load_net(a.script)
    device = torch.device(a.device)
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    torch.backends.cudnn.benchmark = True
    rows = []
    for precision in ("fp32", "tf32"):
        torch.backends.cuda.matmul.allow_tf32 = precision == "tf32"
        torch.backends.cudnn.allow_tf32 = precision == "tf32"
        for mode in ("train", "infer"):
            torch.manual_seed(0)
            net = exported.Net().to(device).train(mode == "train")
            x = torch.rand((a.batch, *exported.INPUT_SHAPE), device=device)
            labels = torch.randint(0, exported.OUTPUT_SHAPE[0], (a.batch,), device=device)
            optimizer = torch.optim.SGD(net.parameters(), lr=0.01)

            def train_step():
                optimizer.zero_grad(set_to_none=True)
                F.cross_entropy(net(x), labels).backward()
                optimizer.step()

            @torch.no_grad()
            def infer_step():
                net(x)

            step = train_step if mode == "train" else infer_step
            m = measure(step, sync, a.warmup, a.seconds, a.max_steps, a.batch)
            rows.append({"mode": mode, "precision": precision, **m})
    name = torch.cuda.get_device_name(0) if cuda else "cpu"
    print(json.dumps({"device": name, "torch": torch.__version__, "rows": rows}))


if __name__ == "__main__":
    main()
