/**
 * The part of an exported PyTorch file that is the same for every network: safetensors I/O, the
 * summary, Fashion-MNIST loading and the (optionally distributed) training loop. It expects the
 * generated `Net`, `INPUT_SHAPE`, `OUTPUT_SHAPE`, `TRAINING` and `NOTES` above it.
 */
export const pythonScript = String.raw`# Weights ---------------------------------------------------------------------------------------

try:
    from safetensors.torch import load_file, save_file
except ImportError:
    # Without the safetensors package (Debian has none) the format is read and written here: an
    # 8-byte little-endian header size, a JSON header with each tensor's dtype, shape and byte
    # range, then the tensors' little-endian bytes.
    _DTYPES = {
        'F64': torch.float64, 'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16,
        'I64': torch.int64, 'I32': torch.int32, 'I16': torch.int16, 'I8': torch.int8,
        'U8': torch.uint8, 'BOOL': torch.bool,
    }

    def load_file(filename, device='cpu'):
        data = bytearray(os.path.getsize(filename))
        with open(filename, 'rb') as f:
            f.readinto(data)
        (size,) = struct.unpack('<Q', data[:8])
        header = json.loads(data[8:8 + size])
        tensors = {}
        for name, info in header.items():
            if name == '__metadata__':
                continue
            dtype = _DTYPES[info['dtype']]
            begin, end = info['data_offsets']
            count = (end - begin) // torch.empty(0, dtype=dtype).element_size()
            flat = (torch.frombuffer(data, dtype=dtype, count=count, offset=8 + size + begin)
                    if count else torch.empty(0, dtype=dtype))
            tensors[name] = flat.reshape(info['shape']).to(device)
        return tensors

    def save_file(tensors, filename, metadata=None):
        names = {dtype: name for name, dtype in _DTYPES.items()}
        flat = {name: t.detach().cpu().contiguous().reshape(-1) for name, t in tensors.items()}
        header = {} if metadata is None else {'__metadata__': metadata}
        offset = 0
        for name, t in flat.items():
            size = t.numel() * t.element_size()
            header[name] = {'dtype': names[t.dtype], 'shape': list(tensors[name].shape),
                            'data_offsets': [offset, offset + size]}
            offset += size
        text = json.dumps(header, separators=(',', ':')).encode()
        text += b' ' * (-len(text) % 8)
        with open(filename, 'wb') as f:
            f.write(struct.pack('<Q', len(text)) + text)
            for t in flat.values():
                f.write(t.view(torch.uint8).numpy())


def save_atomic(tensors, filename):
    """save_file to a temp file beside filename, flushed, then renamed over it: an interrupted
    save leaves the old weights, never half of new ones."""
    folder = os.path.dirname(os.path.abspath(filename))
    temp = os.path.join(folder, f'.{os.path.basename(filename)}.cnn-studio-tmp-{os.getpid()}')
    try:
        save_file(tensors, temp)
        with open(temp, 'rb+') as f:
            os.fsync(f.fileno())
        os.replace(temp, filename)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def run_note(filename):
    """What CNN Studio recorded in a weights file about a run that did not finish, or None."""
    with open(filename, 'rb') as f:
        (size,) = struct.unpack('<Q', f.read(8))
        if size > 100_000_000:
            raise SystemExit(f'{filename}: header length {size} is over the 100 MB limit')
        header = json.loads(f.read(size))
    try:
        run = json.loads(header.get('__metadata__', {}).get('cnn_studio.run', 'null'))
    except ValueError:
        return None
    if not isinstance(run, dict) or run.get('status') not in ('stopped', 'diverged'):
        return None
    done = f"after {run.get('epochs')} of {run.get('of')} epochs"
    if run['status'] == 'stopped':
        return f'{filename} holds weights of a CNN Studio run stopped {done}'
    return (f"{filename} holds weights of a CNN Studio run that diverged at step {run.get('step')}; "
            f'they are its last good epoch\'s, {done}')


# Summary ---------------------------------------------------------------------------------------

def summarize(model):
    """The parameter count and each layer's output shape for one sample, as CNN Studio lists them."""
    shapes = {}

    def record(name):
        def hook(module, inputs, output):
            shapes[name] = list(output.shape[1:])
        return hook

    hooks = [module.register_forward_hook(record(name))
             for name, module in model.named_modules() if next(module.children(), None) is None]
    was_training = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, *INPUT_SHAPE))
    model.train(was_training)
    for hook in hooks:
        hook.remove()
    return {
        'total_params': sum(p.numel() for p in model.parameters()),
        'layers': [{'name': name, 'output_shape': shape} for name, shape in shapes.items()],
    }


def print_summary(model):
    summary = summarize(model)
    width = max(len(layer['name']) for layer in summary['layers'])
    for layer in summary['layers']:
        print(f"{layer['name']:<{width}}  {'x'.join(map(str, layer['output_shape']))}")
    print(f"Total params: {summary['total_params']:,}")


# Data ------------------------------------------------------------------------------------------

def read_idx(path):
    """An IDX file (gzip or plain) of unsigned bytes: big-endian magic and sizes, then the data.
    Reads no more than the header declares, so a small .gz that inflates to gigabytes is refused."""
    with (gzip.open if path.endswith('.gz') else open)(path, 'rb') as f:
        magic = f.read(4)
        if len(magic) < 4 or magic[:3] != b'\x00\x00\x08':
            raise SystemExit(f'{path} is not an IDX file of unsigned bytes')
        header = f.read(4 * magic[3])
        if len(header) < 4 * magic[3]:
            raise SystemExit(f'{path} ends inside its header')
        dims = struct.unpack(f'>{magic[3]}I', header)
        size = 1
        for d in dims:
            size *= d
        data = f.read(size)
        if len(data) != size or f.read(1):
            raise SystemExit(f"{path}: dimensions {'x'.join(map(str, dims))} do not match its data")
    return torch.frombuffer(bytearray(data), dtype=torch.uint8).reshape(dims)


def load_split(folder, split):
    """Images (N×H×W uint8) and labels of Fashion-MNIST's 'train' or 't10k' split."""
    def find(name):
        for path in (os.path.join(folder, name + '.gz'), os.path.join(folder, name)):
            if os.path.exists(path):
                return path
        raise SystemExit(f'{name}.gz not found in {folder}')
    images = read_idx(find(f'{split}-images-idx3-ubyte'))
    labels = read_idx(find(f'{split}-labels-idx1-ubyte'))
    return images, labels.long()


def prepare(images):
    """uint8 N×H×W → float N×1×H×W in [0, 1], resized bilinearly to the network's input."""
    return resize(images.unsqueeze(1).float() / 255)


def resize(x):
    """N×C×H×W resized bilinearly to the network's input (as CNN Studio does, on the GPU)."""
    if tuple(x.shape[2:]) != INPUT_SHAPE[1:]:
        x = F.interpolate(x, size=INPUT_SHAPE[1:], mode='bilinear', align_corners=False)
    return x


# Training recipe: schedule, validation split, augmentation -------------------------------------

def lr_factor(t, schedule, warmup, epochs, steps_per_epoch):
    """The learning rate of step t (from 0) over the base rate, as CNN Studio's schedules define
    it: constant; step:E:G (x G every E epochs); cosine (after a linear warmup of 'warmup'
    epochs); onecycle (OneCycleLR's defaults, momentum not cycled)."""
    total = epochs * steps_per_epoch
    if schedule.startswith('step:'):
        _, every, gamma = schedule.split(':')
        return float(gamma) ** ((t // steps_per_epoch) // int(every))
    if schedule == 'cosine':
        w = warmup * steps_per_epoch
        if t < w:
            return (t + 1) / w
        return 0.5 * (1 + math.cos(math.pi * (t - w) / (total - w)))
    if schedule == 'onecycle':
        def anneal(start, end, pct):
            return end + (start - end) / 2 * (math.cos(math.pi * pct) + 1)
        end1, end2 = 0.3 * total - 1, total - 1
        if t <= end1:
            return anneal(1 / 25, 1, 1 if end1 == 0 else t / end1)
        return anneal(1, 1 / 25 / 1e4, 1 if end2 == end1 else (t - end1) / (end2 - end1))
    return 1.0


def _mulberry32(seed):
    """CNN Studio's seeded generator (numbers in [0, 1)), so the split below is the app's."""
    state = seed & 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def draw():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = imul(state ^ (state >> 15), state | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 2 ** 32
    return draw


def _permutation(n, seed):
    draw, order = _mulberry32(seed), list(range(n))
    for i in range(n - 1, 0, -1):
        j = math.floor(draw() * (i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def stratified_split(labels, fraction, seed):
    """CNN Studio's validation split: round(fraction x count) of each class, drawn per class from
    the seed. Returns the kept and the held-out indices, ascending."""
    held = set()
    for label in sorted(set(labels.tolist())):
        members = (labels == label).nonzero().flatten().tolist()
        mixed = (((seed ^ 0x2C1B3C6D) * 0x297A2D39) + label) & 0xFFFFFFFF
        order = _permutation(len(members), mixed)
        held.update(members[k] for k in order[:math.floor(fraction * len(members) + 0.5)])
    train = [i for i in range(len(labels)) if i not in held]
    return torch.tensor(train, dtype=torch.long), torch.tensor(sorted(held), dtype=torch.long)


def parse_augment(text):
    """--augment's comma list: flip, crop:P, resized-crop, jitter:B."""
    a = {'flip': False, 'pad': 0, 'resized_crop': False, 'jitter': 0.0}
    for part in filter(None, text.split(',')):
        name, _, arg = part.partition(':')
        if name == 'flip':
            a['flip'] = True
        elif name == 'crop':
            a['pad'] = int(arg)
        elif name == 'resized-crop':
            a['resized_crop'] = True
        elif name == 'jitter':
            a['jitter'] = float(arg)
        else:
            raise SystemExit(f'unknown --augment {part}: use flip, crop:P, resized-crop, jitter:B')
    return a


def augment(x, a, generator):
    """CNN Studio's augmentation of a batch (N x C x H x W in [0, 1]), drawn from the generator:
    random resized crop (scale 0.08-1, ratio 3/4-4/3), zero padding P and a random crop back to
    size, horizontal flip with probability 1/2, brightness then contrast factors in [1-B, 1+B]."""
    # Only augmentation needs torchvision, so a script without it runs where torchvision is absent.
    import torchvision.transforms as T
    import torchvision.transforms.functional as TF

    _, _, h, w = x.shape
    out = []
    for img in x:
        def rand():
            return torch.rand(1, generator=generator).item()
        if a['resized_crop']:
            top, left, bh, bw = T.RandomResizedCrop.get_params(img, (0.08, 1.0), (3 / 4, 4 / 3))
            img = TF.resized_crop(img, top, left, bh, bw, [h, w], TF.InterpolationMode.BILINEAR,
                                  antialias=False)
        p = a['pad']
        if p:
            dy, dx = math.floor(rand() * (2 * p + 1)), math.floor(rand() * (2 * p + 1))
            img = F.pad(img, (p, p, p, p))[:, dy:dy + h, dx:dx + w]
        if a['flip'] and rand() < 0.5:
            img = TF.hflip(img)
        b = a['jitter']
        if b:
            img = TF.adjust_brightness(img, 1 - b + 2 * b * rand())
            img = TF.adjust_contrast(img, 1 - b + 2 * b * rand())
        out.append(img)
    return torch.stack(out)


# Training --------------------------------------------------------------------------------------

def evaluate(model, images, labels, batch_size, device):
    """Summed loss, correct predictions and count over the given images, in eval mode."""
    model.eval()
    totals = torch.zeros(3, device=device)
    with torch.no_grad():
        for start in range(0, len(labels), batch_size):
            x = prepare(images[start:start + batch_size].to(device))
            y = labels[start:start + batch_size].to(device)
            logits = model(x)
            totals += torch.stack([F.cross_entropy(logits, y, reduction='sum'),
                                   (logits.argmax(1) == y).sum().float(),
                                   torch.tensor(float(len(y)), device=device)])
    return totals


def init_cnn(module):
    """d2l's initialisation: Xavier-uniform weights for every Conv2d and Linear."""
    if isinstance(module, (nn.Conv2d, nn.Linear)):
        nn.init.xavier_uniform_(module.weight)


def train(args):
    if INPUT_SHAPE[0] != 1:
        raise SystemExit(f'Fashion-MNIST images have 1 channel but the network takes {INPUT_SHAPE[0]}')
    if OUTPUT_SHAPE != (10,):
        raise SystemExit(f"Fashion-MNIST has 10 classes but the network's output is "
                         f"{'x'.join(map(str, OUTPUT_SHAPE))}; end it with a Linear of 10")
    # torchrun sets WORLD_SIZE, RANK and LOCAL_RANK; plain python runs one process.
    distributed = int(os.environ.get('WORLD_SIZE', '1')) > 1
    cuda = torch.cuda.is_available() and not args.cpu
    if distributed:
        dist.init_process_group('nccl' if cuda else 'gloo')
        rank, world, local_rank = dist.get_rank(), dist.get_world_size(), int(os.environ['LOCAL_RANK'])
    else:
        rank, world, local_rank = 0, 1, 0
    device = torch.device('cuda', local_rank) if cuda else torch.device('cpu')
    if cuda:
        torch.cuda.set_device(device)
    if args.batch_size % world != 0:
        raise SystemExit(f'--batch-size {args.batch_size} does not split evenly over {world} processes')

    if rank == 0:
        for note in NOTES:
            print(f'note: {note}', flush=True)
    torch.manual_seed(args.seed)
    model = Net()
    if args.init == 'xavier':
        model.apply(init_cnn)
    if args.weights:
        note = run_note(args.weights)
        if note and rank == 0:
            print(f'note: {note}', flush=True)
        # A CNN Studio checkpoint also holds its optimizer's state (optimizer/...): not weights.
        weights = {k: v for k, v in load_file(args.weights).items() if not k.startswith('optimizer/')}
        model.load_state_dict(weights, strict=True)
    model.to(device)
    # DDP averages gradients over the processes, so each takes an equal share of the batch and the
    # step equals one of the whole batch (BatchNorm's statistics stay per process).
    net = DistributedDataParallel(model, device_ids=[local_rank] if cuda else None) if distributed else model

    train_images, train_labels = load_split(args.data, 'train')
    test_images, test_labels = load_split(args.data, 't10k')
    train_images, train_labels = train_images[:args.train_samples], train_labels[:args.train_samples]
    test_images, test_labels = test_images[:args.test_samples], test_labels[:args.test_samples]
    val_images = val_labels = None
    if args.val > 0:
        kept, held = stratified_split(train_labels, args.val, args.seed)
        val_images, val_labels = train_images[held], train_labels[held]
        train_images, train_labels = train_images[kept], train_labels[kept]
    train_set = TensorDataset(train_images, train_labels)
    sampler = DistributedSampler(train_set, seed=args.seed) if distributed else None
    loader = DataLoader(train_set, batch_size=args.batch_size // world, shuffle=sampler is None,
                        sampler=sampler)
    if args.optimizer == 'adam':
        optimizer = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    else:
        optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum,
                                    weight_decay=args.weight_decay)
    steps_per_epoch = len(loader)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda t: lr_factor(
        t, args.schedule, args.warmup, args.epochs, steps_per_epoch))
    augmentation = parse_augment(args.augment)
    generator = torch.Generator().manual_seed(args.seed + rank)
    best_loss, best_epoch, best_state = math.inf, 0, None
    if rank == 0:
        where = f'{world} processes ({dist.get_backend()})' if distributed else 'one process'
        print(f'training on {device.type}, {where}: {len(train_set)} training and '
              f'{len(test_labels)} test images', flush=True)

    for epoch in range(args.epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        net.train()
        totals = torch.zeros(3, device=device)
        for images, labels in loader:
            x = images.unsqueeze(1).float() / 255
            if any(augmentation.values()):
                x = augment(x, augmentation, generator)
            x, y = resize(x.to(device)), labels.to(device)
            logits = net(x)
            loss = F.cross_entropy(logits, y)
            optimizer.zero_grad()
            loss.backward()
            lr = optimizer.param_groups[0]['lr']
            optimizer.step()
            scheduler.step()
            totals += torch.stack([loss.detach() * len(y), (logits.argmax(1) == y).sum().float(),
                                   torch.tensor(float(len(y)), device=device)])
        # Each process tests every world-th image; the sums over processes cover the test set once.
        test = evaluate(model, test_images[rank::world], test_labels[rank::world],
                        args.batch_size, device)
        val = None
        if val_images is not None:
            val = evaluate(model, val_images[rank::world], val_labels[rank::world],
                           args.batch_size, device)
        if distributed:
            dist.all_reduce(totals)
            dist.all_reduce(test)
            if val is not None:
                dist.all_reduce(val)
        val_text = ''
        if val is not None:
            val_loss = (val[0] / val[2]).item()
            val_text = f', val loss {val_loss:.4f}, val acc {val[1] / val[2]:.3f}'
            if val_loss < best_loss:
                best_loss, best_epoch = val_loss, epoch + 1
                if args.keep_best:
                    best_state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
        if rank == 0:
            print(f'epoch {epoch + 1}: loss {totals[0] / totals[2]:.4f}, '
                  f'train acc {totals[1] / totals[2]:.3f}{val_text}, '
                  f'test acc {test[1] / test[2]:.3f}, lr {lr:.4g}', flush=True)
        if args.early_stop and val is not None and epoch + 1 - best_epoch >= args.early_stop:
            if rank == 0 and epoch + 1 < args.epochs:
                print(f'stopped early: the validation loss has not improved for '
                      f'{args.early_stop} epochs', flush=True)
            break

    if args.save and rank == 0:
        save_atomic({k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}, args.save)
        print(f'saved {args.save}', flush=True)
        if best_state is not None:
            best = re.sub(r'(\.safetensors)?$', '.best.safetensors', args.save, count=1)
            save_atomic(best_state, best)
            print(f'saved the best epoch ({best_epoch}) to {best}', flush=True)
    if distributed:
        dist.destroy_process_group()


def main():
    # argparse %-formats a description holding '%(prog)': the network's name may hold a '%'.
    description = __doc__.split('\n\n')[0].replace('%', '%%') + ' %(prog)s trains it.'
    p = argparse.ArgumentParser(description=description,
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument('--summary', action='store_true',
                   help="print each layer's output shape and the parameter count, then exit")
    p.add_argument('--data', help='folder of Fashion-MNIST IDX files (train-images-idx3-ubyte.gz, ...)')
    p.add_argument('--epochs', type=int, default=TRAINING['epochs'], help='passes over the data')
    p.add_argument('--batch-size', type=int, default=TRAINING['batch_size'],
                   help='images per step, over all processes together')
    p.add_argument('--lr', type=float, default=TRAINING['lr'], help='learning rate')
    p.add_argument('--optimizer', choices=['sgd', 'adam'], default=TRAINING['optimizer'],
                   help='SGD or Adam')
    p.add_argument('--momentum', type=float, default=TRAINING['momentum'], help='SGD only')
    p.add_argument('--weight-decay', type=float, default=TRAINING['weight_decay'], help='L2 penalty')
    p.add_argument('--seed', type=int, default=TRAINING['seed'],
                   help='seeds the initial weights and the shuffling')
    p.add_argument('--init', choices=['xavier', 'default'], default=TRAINING['init'],
                   help="initial weights: d2l's Xavier init_cnn or PyTorch's default")
    p.add_argument('--train-samples', type=int, default=TRAINING['train_samples'],
                   help='use only the first N training images')
    p.add_argument('--test-samples', type=int, default=TRAINING['test_samples'],
                   help='use only the first N test images')
    p.add_argument('--schedule', default=TRAINING['schedule'],
                   help='learning rate per step: constant, step:E:G, cosine or onecycle')
    p.add_argument('--warmup', type=int, default=TRAINING['warmup'],
                   help='epochs of linear warmup before the cosine schedule')
    p.add_argument('--augment', default=TRAINING['augment'],
                   help='comma list of flip, crop:P, resized-crop, jitter:B')
    p.add_argument('--val', type=float, default=TRAINING['val'],
                   help='fraction of the training set held out for validation (class-stratified)')
    p.add_argument('--early-stop', type=int, default=TRAINING['early_stop'],
                   help='stop when the validation loss has not improved for N epochs (0: never)')
    p.add_argument('--keep-best', action=argparse.BooleanOptionalAction, default=TRAINING['keep_best'],
                   help="also save the best epoch's weights (FILE.best.safetensors)")
    p.add_argument('--weights', help="start from these weights (.safetensors, e.g. CNN Studio's)")
    p.add_argument('--save', help='write the trained weights here (.safetensors)')
    p.add_argument('--cpu', action='store_true', help='train on the CPU even where CUDA is available')
    args = p.parse_args()
    if args.summary:
        print_summary(Net())
    elif args.data is None:
        p.error('give --data FOLDER to train, or --summary')
    else:
        train(args)


if __name__ == '__main__':
    main()
`;
