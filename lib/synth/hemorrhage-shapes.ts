import type { Rng } from '@/lib/random';
import type { DifficultyParams } from './difficulty';
import { coverage } from './fields';
import {
  brainDepth,
  ellipseRho,
  innerTableRho,
  pickIntraAxialCentre,
  tissue,
  toHead,
  unitsPerPixel,
  type HeadAnatomy,
} from './head-anatomy';
import { uniform } from './sample-seed';

export const hemorrhageSubtypes = [
  'epidural',
  'subdural',
  'intraparenchymal',
  'subarachnoid',
  'intraventricular',
] as const;
export type HemorrhageSubtype = (typeof hemorrhageSubtypes)[number];

type SignedDistance = (u: number, v: number) => number;

/** Partial-volume coverage (0..1) of one hemorrhage on a size x size grid. */
export function hemorrhageCoverage(
  kind: HemorrhageSubtype,
  h: HeadAnatomy,
  tissues: Uint8Array,
  size: number,
  rng: Rng,
  p: DifficultyParams,
): Float32Array {
  if (kind === 'subarachnoid') return sulcalBlood(h, tissues, size, rng, p);
  const sd =
    kind === 'epidural'
      ? extraAxial(h, rng, uniform(rng, 0.25, 0.45) * p.lesionScale, uniform(rng, 0.04, 0.075) * p.lesionScale, 'lens')
      : kind === 'subdural'
        ? extraAxial(
            h,
            rng,
            uniform(rng, 0.55, 1.0) * Math.sqrt(p.lesionScale),
            uniform(rng, 0.015, 0.035) * p.lesionScale,
            'crescent',
          )
        : kind === 'intraparenchymal'
          ? blob(h, rng, uniform(rng, 0.03, 0.07) * p.lesionScale)
          : layeredVentricle(h, rng);
  return rasterize(h, size, sd);
}

function rasterize(h: HeadAnatomy, size: number, sd: SignedDistance): Float32Array {
  const out = new Float32Array(size * size);
  const perPixel = unitsPerPixel(h, size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const [u, v] = toHead(h, size, px, py);
      out[py * size + px] = coverage(sd(u, v) / perPixel);
    }
  }
  return out;
}

const wrap = (a: number): number => a - 2 * Math.PI * Math.round(a / (2 * Math.PI));

/** Blood against the inner table: a biconvex lens (epidural) or a thin crescent (subdural). */
function extraAxial(
  h: HeadAnatomy,
  rng: Rng,
  halfAngle: number,
  thickness: number,
  shape: 'lens' | 'crescent',
): SignedDistance {
  const centre = uniform(rng, -Math.PI, Math.PI);
  const ai = h.skullA - h.skullThickness;
  const bi = h.skullB - h.skullThickness;
  const radius = (ai + bi) / 2;
  return (u, v) => {
    const phi = wrap(Math.atan2(v / bi, u / ai) - centre) / halfAngle;
    const inward = (1 - innerTableRho(h, u, v)) * radius;
    const profile = Math.max(0, 1 - phi * phi);
    const thick = thickness * (shape === 'lens' ? profile : Math.sqrt(profile));
    return Math.max(inward - thick, -inward, (Math.abs(phi) - 1) * halfAngle * radius);
  };
}

/** An irregular intraparenchymal blob, deep in the white matter or basal ganglia. */
function blob(h: HeadAnatomy, rng: Rng, r: number): SignedDistance {
  const [cu, cv] = pickIntraAxialCentre(h, rng, { spread: 0.6, minDepth: r + 0.06, clearance: 1.6 });
  const p1 = uniform(rng, 0, 2 * Math.PI);
  const p2 = uniform(rng, 0, 2 * Math.PI);
  const elong = uniform(rng, 0.7, 1.3);
  return (u, v) => {
    const du = (u - cu) / elong;
    const dv = (v - cv) * elong;
    const alpha = Math.atan2(dv, du);
    const edge = r * (1 + 0.18 * Math.sin(2 * alpha + p1) + 0.1 * Math.sin(3 * alpha + p2));
    return Math.hypot(du, dv) - edge;
  };
}

/** Blood layering in the dependent (posterior) part of one or both occipital horns. */
function layeredVentricle(h: HeadAnatomy, rng: Rng): SignedDistance {
  const horns = rng.next() < 0.5 ? [h.ventricles[1], h.ventricles[3]] : [h.ventricles[1 + 2 * rng.int(2)]];
  const level = horns.map((e) => e.cy + e.b * uniform(rng, 0.05, 0.5));
  return (u, v) => {
    let best = Infinity;
    horns.forEach((e, i) => {
      const inside = (ellipseRho(e, u, v) - 1) * Math.min(e.a, e.b);
      best = Math.min(best, Math.max(inside, level[i] - v));
    });
    return best;
  };
}

/** Subarachnoid blood: the CSF of the sulci and surface rim within one sector of the convexity. */
function sulcalBlood(h: HeadAnatomy, tissues: Uint8Array, size: number, rng: Rng, p: DifficultyParams): Float32Array {
  const centre = uniform(rng, -Math.PI, Math.PI);
  const halfAngle = uniform(rng, 0.5, 1.0) * p.lesionScale;
  const out = new Float32Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const i = py * size + px;
      if (tissues[i] !== tissue.csf) continue;
      const [u, v] = toHead(h, size, px, py);
      if (innerTableRho(h, u, v) >= 1 || h.ventricles.some((e) => ellipseRho(e, u, v) < 1.05)) continue;
      const { depth, theta } = brainDepth(h, u, v);
      if (depth < 0.15 && Math.abs(wrap(theta - centre)) < halfAngle) out[i] = 1;
    }
  }
  return out;
}
