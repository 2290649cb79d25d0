import { brainAxes, brainDepth, ellipseRho, innerTableRho, tissue, toHead, type HeadAnatomy } from './head-anatomy';

/** The tissue class of every pixel (see `tissue`), row-major size x size. */
export function rasterizeHead(h: HeadAnatomy, size: number): Uint8Array {
  const out = new Uint8Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const [u, v] = toHead(h, size, px, py);
      out[py * size + px] = tissueAt(h, u, v);
    }
  }
  return out;
}

function tissueAt(h: HeadAnatomy, u: number, v: number): number {
  const outer = Math.hypot(u / h.skullA, v / h.skullB);
  if (outer >= 1 + h.scalpThickness / h.skullA) return tissue.air;
  if (outer >= 1) return tissue.scalp;
  const inner = innerTableRho(h, u, v);
  if (inner >= 1) {
    // Fraction of the way from the outer to the inner table: diploe (marrow) sits in the middle.
    const t = ((1 - outer) * (h.skullA + h.skullB)) / 2 / h.skullThickness;
    return t > 0.3 && t < 0.7 ? tissue.marrow : tissue.bone;
  }
  const { depth, theta } = brainDepth(h, u, v);
  if (depth <= 0) return tissue.csf;
  for (const e of h.ventricles) if (ellipseRho(e, u, v) < 1) return tissue.csf;
  return parenchyma(h, u, v, depth, theta);
}

function parenchyma(h: HeadAnatomy, u: number, v: number, depth: number, theta: number): number {
  const [, b] = brainAxes(h);
  const inFissureRange = v < -0.3 * b || v > 0.55 * b;
  if (inFissureRange && Math.abs(u) < h.fissureWidth / 2) return tissue.csf;
  let grey = depth < h.cortexDepth || (inFissureRange && Math.abs(u) < h.fissureWidth / 2 + h.cortexDepth);
  const radius = Math.hypot(u, v);
  for (const s of h.sulci) {
    let d = theta - s.angle - s.curve * depth - s.wiggle * Math.sin(depth * 70 + s.phase);
    d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
    const lateral = Math.abs(d) * radius;
    if (depth < s.depth && lateral < s.width / 2) return tissue.csf;
    if (depth < s.depth + h.cortexDepth && lateral < s.width / 2 + h.cortexDepth) grey = true;
  }
  if (grey) return tissue.grey;
  for (const e of h.deepGrey) if (ellipseRho(e, u, v) < 1) return tissue.deepGrey;
  return tissue.white;
}
