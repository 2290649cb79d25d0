import type { Rng } from '@/lib/random';
import { uniform } from './sample-seed';

/** Tissue classes of the synthetic head; each modality maps them to its own intensities. */
export const tissue = { air: 0, scalp: 1, bone: 2, marrow: 3, csf: 4, grey: 5, white: 6, deepGrey: 7 } as const;

export interface Ellipse {
  cx: number;
  cy: number;
  a: number;
  b: number;
  angle: number;
}

export interface Sulcus {
  angle: number;
  depth: number;
  width: number;
  curve: number;
  /** Sideways meander (radians) along the depth, so sulci are not straight spokes. */
  wiggle: number;
  phase: number;
}

/**
 * One axial slice at the level of the lateral ventricles, in head units (the skull's outer
 * semi-axes are about 0.66 x 0.82; anterior is -v, towards the top of the image).
 */
export interface HeadAnatomy {
  shiftX: number;
  shiftY: number;
  rotation: number;
  scale: number;
  skullA: number;
  skullB: number;
  skullThickness: number;
  scalpThickness: number;
  csfRim: number;
  gyralAmp: number;
  gyralFreq: number;
  gyralPhase: number;
  cortexDepth: number;
  fissureWidth: number;
  sulci: Sulcus[];
  ventricles: Ellipse[];
  deepGrey: Ellipse[];
}

/** Random but plausible anatomy: slight rotation, shift and size variation between slices. */
export function sampleHeadAnatomy(rng: Rng): HeadAnatomy {
  const vs = uniform(rng, 0.75, 1.35);
  const sulci: Sulcus[] = [];
  const count = 14 + rng.int(8);
  for (let k = 0; k < count; k++) {
    sulci.push({
      angle: (2 * Math.PI * (k + uniform(rng, -0.3, 0.3))) / count,
      depth: uniform(rng, 0.05, 0.12),
      width: uniform(rng, 0.008, 0.016),
      curve: uniform(rng, -2, 2),
      wiggle: uniform(rng, 0.02, 0.06),
      phase: uniform(rng, 0, 2 * Math.PI),
    });
  }
  const side = (s: number, cx: number, cy: number, a: number, b: number, angle: number): Ellipse => ({
    cx: s * cx,
    cy,
    a,
    b,
    angle: s * angle,
  });
  const ventricles = [-1, 1].flatMap((s) => [
    side(s, 0.075 * vs, -0.13, 0.04 * vs, 0.12 * vs, -0.35),
    side(s, 0.085 * vs, 0.1, 0.035 * vs, 0.15 * vs, 0.3),
  ]);
  const deepGrey = [-1, 1].flatMap((s) => [side(s, 0.2, -0.02, 0.06, 0.11, -0.2), side(s, 0.08, 0.2, 0.055, 0.075, 0)]);
  return {
    shiftX: uniform(rng, -0.05, 0.05),
    shiftY: uniform(rng, -0.05, 0.05),
    rotation: uniform(rng, -0.15, 0.15),
    scale: uniform(rng, 0.92, 1.06),
    skullA: uniform(rng, 0.63, 0.69),
    skullB: uniform(rng, 0.8, 0.85),
    skullThickness: uniform(rng, 0.045, 0.065),
    scalpThickness: uniform(rng, 0.025, 0.04),
    csfRim: uniform(rng, 0.006, 0.016),
    gyralAmp: uniform(rng, 0.008, 0.015),
    gyralFreq: 18 + rng.int(10),
    gyralPhase: uniform(rng, 0, 2 * Math.PI),
    cortexDepth: uniform(rng, 0.025, 0.035),
    fissureWidth: uniform(rng, 0.01, 0.02),
    sulci,
    ventricles,
    deepGrey,
  };
}

/**
 * The same head one level lower, through the sella: no lateral ventricles, a suprasellar
 * cistern (CSF) in front of the midbrain. Pituitary tumours live here.
 */
export function atSellarLevel(h: HeadAnatomy): HeadAnatomy {
  return {
    ...h,
    ventricles: [{ cx: 0, cy: -0.08, a: 0.1, b: 0.065, angle: 0 }],
    deepGrey: [{ cx: 0, cy: 0.1, a: 0.1, b: 0.08, angle: 0 }],
  };
}

/** Pixel (column, row) of a size x size image to head coordinates. */
export function toHead(h: HeadAnatomy, size: number, px: number, py: number): [number, number] {
  const x = ((px + 0.5) / size) * 2 - 1 - h.shiftX;
  const y = ((py + 0.5) / size) * 2 - 1 - h.shiftY;
  const c = Math.cos(h.rotation);
  const s = Math.sin(h.rotation);
  return [(c * x + s * y) / h.scale, (-s * x + c * y) / h.scale];
}

/** Head units per pixel. */
export function unitsPerPixel(h: HeadAnatomy, size: number): number {
  return 2 / size / h.scale;
}

export function ellipseRho(e: Ellipse, u: number, v: number): number {
  const c = Math.cos(e.angle);
  const s = Math.sin(e.angle);
  const du = u - e.cx;
  const dv = v - e.cy;
  const lx = (c * du + s * dv) / e.a;
  const ly = (-s * du + c * dv) / e.b;
  return Math.sqrt(lx * lx + ly * ly);
}

/** Semi-axes of the brain surface (inside the inner table and its CSF rim). */
export function brainAxes(h: HeadAnatomy): [number, number] {
  return [h.skullA - h.skullThickness - h.csfRim, h.skullB - h.skullThickness - h.csfRim];
}

/** Depth below the brain surface in head units (negative outside the brain) and the polar angle. */
export function brainDepth(h: HeadAnatomy, u: number, v: number): { depth: number; theta: number } {
  const [a, b] = brainAxes(h);
  const theta = Math.atan2(v / b, u / a);
  const rho = Math.hypot(u / a, v / b);
  const surface = 1 + h.gyralAmp * Math.sin(h.gyralFreq * theta + h.gyralPhase);
  return { depth: (surface - rho) * ((a + b) / 2), theta };
}

/**
 * A lesion centre inside the brain: within `spread` of the brain's semi-axes, at least
 * `minDepth` below the surface and clear of the ventricles (their radius times `clearance`).
 */
export function pickIntraAxialCentre(
  h: HeadAnatomy,
  rng: Rng,
  o: { spread: number; minDepth: number; clearance: number },
): [number, number] {
  const [a, b] = brainAxes(h);
  let cu = 0;
  let cv = 0;
  for (let tries = 0; tries < 20; tries++) {
    cu = uniform(rng, -o.spread, o.spread) * a;
    cv = uniform(rng, -o.spread, o.spread) * b;
    if (brainDepth(h, cu, cv).depth > o.minDepth && h.ventricles.every((e) => ellipseRho(e, cu, cv) > o.clearance))
      break;
  }
  return [cu, cv];
}

/** Elliptical radius of a point relative to the inner table of the skull (1 on the table). */
export function innerTableRho(h: HeadAnatomy, u: number, v: number): number {
  return Math.hypot(u / (h.skullA - h.skullThickness), v / (h.skullB - h.skullThickness));
}
