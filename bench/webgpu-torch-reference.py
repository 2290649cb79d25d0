# PyTorch twin of bench/webgpu.ts on the same GPU: ResNet50 at 224 (full training, stage-5 fine-tuning on
# stage-4 maps as the trainer does, inference), fp32 with TF32 off. Run: python3 bench/webgpu-torch-reference.py
import json, os, time, torch, torchvision
torch.backends.cudnn.benchmark = True
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
dev = 'cuda'
out = {'torch': torch.__version__, 'gpu': torch.cuda.get_device_name(0), 'tf32': False}
def rate(fn, n, batch):
    for _ in range(3): fn()
    torch.cuda.synchronize(); t = time.perf_counter()
    for _ in range(n): fn()
    torch.cuda.synchronize(); return batch * n / (time.perf_counter() - t)
for batch in (32, 64):
    m = torchvision.models.resnet50(num_classes=4).to(dev)
    x = torch.randn(batch, 3, 224, 224, device=dev); y = torch.arange(batch, device=dev) % 4
    opt = torch.optim.Adam(m.parameters(), 1e-4)
    def step():
        opt.zero_grad(); torch.nn.functional.cross_entropy(m(x), y).backward(); opt.step()
    m.train(); out[f'resnet50_train_b{batch}_img_s'] = round(rate(step, 10, batch), 1)
    m.eval()
    with torch.no_grad():
        out[f'resnet50_infer_b{batch}_img_s'] = round(rate(lambda: m(x), 10, batch), 1)
    # stage-5 fine-tuning on stage-4 maps (as the trainer does: stages 1-4 frozen and cached)
    s5 = torch.nn.Sequential(m.layer4, torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), m.fc).to(dev)
    f = torch.randn(batch, 1024, 14, 14, device=dev)
    opt5 = torch.optim.Adam(s5.parameters(), 1e-4)
    def step5():
        opt5.zero_grad(); torch.nn.functional.cross_entropy(s5(f), y).backward(); opt5.step()
    s5.train(); out[f'resnet50_stage5_finetune_b{batch}_img_s'] = round(rate(step5, 10, batch), 1)
print(json.dumps(out))
if os.environ.get('OUT'): open(os.environ['OUT'] + '/torch_ref.json', 'w').write(json.dumps(out, indent=2))
