"""Runs exported PyTorch models for src/export's tests, all in one process (torch loads once).

usage: /usr/bin/python3 scripts/export_check.py FOLDER NAME:BATCH ...

For each FOLDER/NAME.py (written by `cnn-studio export --format pytorch`) it writes, with the
file's own safetensors writer:
  NAME.json                  {"summary": summarize(model), "state": {key: [dtype, shape]}}
  NAME.weights.safetensors   the model's state_dict: PyTorch's initialisation with every Conv2d
                             and Linear weight scaled by sqrt(6) (Kaiming's gain for ReLU: with
                             PyTorch's own bound, deep plain networks shrink the signal a layer at
                             a time until GoogLeNet's logits hardly depend on the image), and
                             BatchNorm's affine parameters and running statistics moved away from
                             1 and 0 so that a wrong eval-mode normalisation shows
  NAME.io.safetensors        "input": BATCH random images, "output": the model's eval output,
                             "reference": the eval output, on the same weights, of the network
                             as scripts/golden_templates.py builds it (the chapter's own code)
                             when NAME is a template
and checks the file's safetensors reader: the weights read back are the same, and load strictly.
"""
import importlib.util
import json
import os
import sys

import torch
from torch import nn

from golden_templates import TEMPLATES


def load_module(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check(folder, name, batch):
    module = load_module(os.path.join(folder, name + '.py'), name)
    torch.manual_seed(0)
    model = module.Net()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                m.weight.mul_(6**0.5)
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.num_batches_tracked.fill_(3)
    state = model.state_dict()
    prefix = os.path.join(folder, name)
    module.save_file(state, prefix + '.weights.safetensors')

    loaded = module.load_file(prefix + '.weights.safetensors')
    for key, value in state.items():
        if value.dtype != loaded[key].dtype or not torch.equal(value, loaded[key]):
            raise SystemExit(f'{name}: {key} changed on its way through safetensors')
    model.load_state_dict(loaded, strict=True)

    x = torch.rand(batch, *module.INPUT_SHAPE)
    model.eval()
    with torch.no_grad():
        y = model(x)
    io = {'input': x, 'output': y}
    if name in TEMPLATES:
        reference = TEMPLATES[name][0]()
        reference.load_state_dict(loaded, strict=True)
        reference.eval()
        with torch.no_grad():
            io['reference'] = reference(x)
    module.save_file(io, prefix + '.io.safetensors')
    report = {
        'summary': module.summarize(model),
        'state': {k: [str(v.dtype).removeprefix('torch.'), list(v.shape)] for k, v in state.items()},
    }
    with open(prefix + '.json', 'w') as f:
        json.dump(report, f)


def main():
    folder, *models = sys.argv[1:]
    for spec in models:
        name, batch = spec.split(':')
        check(folder, name, int(batch))


if __name__ == '__main__':
    main()
