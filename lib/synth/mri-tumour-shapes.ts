import type { Rng } from '@/lib/random';
import { innerTableRho, pickIntraAxialCentre, type HeadAnatomy } from './head-anatomy';
import { uniform } from './sample-seed';

export const mriTumourClasses = ['glioma', 'meningioma', 'pituitary', 'notumor'] as const;
export type MriTumourClass = (typeof mriTumourClasses)[number];

/** A tumour as a signed distance (head units, negative inside) plus where its layers are. */
export interface TumourShape {
  sd: (u: number, v: number) => number;
  radius: number;
  /** Only inside the skull's inner table (extra-axial tumours stop at the dura). */
  intracranial: boolean;
}

/** Glioma: intra-axial in the hemispheric white matter, infiltrative, irregular outline. */
export function gliomaShape(h: HeadAnatomy, rng: Rng, scale: number): TumourShape {
  const r = uniform(rng, 0.06, 0.12) * scale;
  const [cu, cv] = pickIntraAxialCentre(h, rng, { spread: 0.65, minDepth: r * 0.8, clearance: 1.4 });
  const harmonics = [2, 3, 5, 7].map((k) => ({
    k,
    amp: uniform(rng, 0.04, 0.16) / Math.sqrt(k / 2),
    phase: uniform(rng, 0, 2 * Math.PI),
  }));
  return {
    radius: r,
    intracranial: true,
    sd: (u, v) => {
      const alpha = Math.atan2(v - cv, u - cu);
      let edge = 1;
      for (const hm of harmonics) edge += hm.amp * Math.sin(hm.k * alpha + hm.phase);
      return Math.hypot(u - cu, v - cv) - r * edge;
    },
  };
}

/** Meningioma: extra-axial, a smooth well-defined dome on the inner table of the skull. */
export function meningiomaShape(h: HeadAnatomy, rng: Rng, scale: number): TumourShape {
  const r = uniform(rng, 0.05, 0.1) * scale;
  const theta = uniform(rng, -Math.PI, Math.PI);
  const ai = h.skullA - h.skullThickness;
  const bi = h.skullB - h.skullThickness;
  const tu = ai * Math.cos(theta);
  const tv = bi * Math.sin(theta);
  const norm = Math.hypot(tu, tv);
  const cu = tu - (tu / norm) * r * 0.55;
  const cv = tv - (tv / norm) * r * 0.55;
  return {
    radius: r,
    intracranial: true,
    sd: (u, v) => Math.max(Math.hypot(u - cu, v - cv) - r, (innerTableRho(h, u, v) - 1) * norm),
  };
}

/** Pituitary macroadenoma: a midline, sellar, slightly lobulated mass anterior to the centre. */
export function pituitaryShape(_h: HeadAnatomy, rng: Rng, scale: number): TumourShape {
  const r = uniform(rng, 0.035, 0.065) * scale;
  const cu = uniform(rng, -0.015, 0.015);
  const cv = uniform(rng, -0.12, -0.05);
  const phase = uniform(rng, 0, 2 * Math.PI);
  return {
    radius: r,
    intracranial: true,
    sd: (u, v) => {
      const alpha = Math.atan2(v - cv, u - cu);
      return Math.hypot((u - cu) * 1.1, v - cv) - r * (1 + 0.08 * Math.sin(3 * alpha + phase));
    },
  };
}
