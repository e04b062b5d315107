"""Cross-checks src/runtime-gpu/safetensors.ts against PyTorch without the `safetensors` package
(Debian 12 does not ship it): the format is read and written here from its specification with
json + struct, laid out as the reference implementation lays it out.

  safetensors_torch.py write OUT   writes a small Conv/BatchNorm/Linear net's state_dict (after
                                   one training-mode forward, so num_batches_tracked is 1)
  safetensors_torch.py read IN     loads IN into the same net with strict=True

Both print {name: [dtype, shape, sum of values]} as JSON for the caller to compare.
"""

import json
import struct
import sys

import torch
from torch import nn
from atomic_file import write_atomic

DTYPES = {
    "F64": torch.float64,
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "I16": torch.int16,
    "I8": torch.int8,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}
# The reference implementation's dtype enum order; data is laid out by its reverse, then by name.
ORDER = ["BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]


def net() -> nn.Module:
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Conv2d(1, 3, kernel_size=3), nn.BatchNorm2d(3), nn.Flatten(), nn.Linear(3 * 4 * 4, 5)
    )


def save(tensors: dict, path: str, metadata: dict) -> None:
    items = sorted(tensors.items(), key=lambda kv: (-ORDER.index(NAMES[kv[1].dtype]), kv[0]))
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in items:
        blob = t.contiguous().numpy().tobytes() if t.dim() else t.reshape(1).numpy().tobytes()
        header[name] = {
            "dtype": NAMES[t.dtype],
            "shape": list(t.shape),
            "data_offsets": [offset, offset + len(blob)],
        }
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    text += b" " * (-len(text) % 8)
    write_atomic(path, struct.pack("<Q", len(text)) + text + b"".join(blobs))


def load(path: str) -> dict:
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    header.pop("__metadata__", None)
    out = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        raw = bytearray(data[8 + n + begin : 8 + n + end])
        flat = torch.frombuffer(raw, dtype=DTYPES[info["dtype"]]) if raw else torch.tensor([])
        out[name] = flat.reshape(info["shape"])
    return out


def summary(tensors: dict) -> dict:
    return {
        k: [NAMES[t.dtype], list(t.shape), t.double().sum().item()] for k, t in tensors.items()
    }


def main() -> None:
    mode, path = sys.argv[1], sys.argv[2]
    model = net()
    if mode == "write":
        model.train()
        model(torch.randn(2, 1, 6, 6))
        state = model.state_dict()
        save(state, path, {"format": "pt"})
    else:
        state = load(path)
        model.load_state_dict(state, strict=True)
        state = model.state_dict()
    print(json.dumps(summary(state)))


if __name__ == "__main__":
    main()
