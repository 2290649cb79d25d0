import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A confusion matrix as SVG: rows true, columns predicted, cells shaded by row fraction. */
function confusionMatrixSvg(matrix: number[][], labels: string[], title: string): string {
  const k = labels.length;
  const cell = Math.max(48, Math.min(96, Math.floor(480 / k)));
  const left = 140;
  const top = 90;
  const width = left + k * cell + 20;
  const height = top + k * cell + 20;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="24" font-size="16" text-anchor="middle">${escapeXml(title)}</text>`,
    `<text x="${left + (k * cell) / 2}" y="${top - 40}" font-size="12" text-anchor="middle">predicted</text>`,
    `<text x="16" y="${top + (k * cell) / 2}" font-size="12" transform="rotate(-90 16 ${top + (k * cell) / 2})" text-anchor="middle">true</text>`,
  ];
  matrix.forEach((row, i) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    parts.push(
      `<text x="${left - 8}" y="${top + i * cell + cell / 2 + 4}" font-size="12" text-anchor="end">${escapeXml(labels[i])}</text>`,
    );
    parts.push(
      `<text x="${left + i * cell + cell / 2}" y="${top - 10}" font-size="12" text-anchor="middle">${escapeXml(labels[i])}</text>`,
    );
    row.forEach((v, j) => {
      const frac = v / total;
      const shade = Math.round(255 - frac * 200);
      const fill = i === j ? `rgb(${shade},${shade},255)` : `rgb(255,${shade},${shade})`;
      parts.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="${fill}" stroke="#888"/>`,
      );
      parts.push(
        `<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 5}" font-size="14" text-anchor="middle">${v}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Renders the SVG to PNG with sharp (librsvg). */
export async function writeConfusionMatrixPng(
  file: string,
  matrix: number[][],
  labels: string[],
  title: string,
): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await sharp(Buffer.from(confusionMatrixSvg(matrix, labels, title)))
    .png()
    .toFile(file);
}
