/** A JPEG Huffman table: counts of codes per length 1..16 and the symbols in code order (ITU T.81 Annex C). */
export interface HuffmanTable {
  bits: number[];
  values: number[];
  codes: Map<number, { code: number; length: number }>;
}

/**
 * Optimal code lengths limited to 16 bits (T.81 Annex K.2, as libjpeg does it). A reserved
 * extra symbol keeps any real symbol from getting the all-ones code.
 */
export function buildHuffmanTable(frequencies: number[]): HuffmanTable {
  const n = frequencies.length + 1;
  const freq = [...frequencies, 1];
  const size = new Array<number>(n).fill(0);
  const others = new Array<number>(n).fill(-1);
  for (;;) {
    const c1 = smallest(freq, -1);
    const c2 = smallest(freq, c1);
    if (c2 < 0) break;
    freq[c1] += freq[c2];
    freq[c2] = 0;
    for (let c = c1; ; c = others[c]) {
      size[c]++;
      if (others[c] < 0) {
        others[c] = c2;
        break;
      }
    }
    for (let c = c2; c >= 0; c = others[c]) size[c]++;
  }
  const bits = new Array<number>(33).fill(0);
  for (const s of size) if (s > 0) bits[s]++;
  limitLengths(bits);
  const order = [...Array(n - 1).keys()].filter((i) => size[i] > 0).sort((a, b) => size[a] - size[b] || a - b);
  return assignCodes(bits.slice(0, 17), order);
}

function smallest(freq: number[], exclude: number): number {
  let best = -1;
  for (let i = 0; i < freq.length; i++) {
    if (i === exclude || freq[i] === 0) continue;
    if (best < 0 || freq[i] <= freq[best]) best = i;
  }
  return best;
}

function limitLengths(bits: number[]): void {
  for (let i = 32; i > 16; i--) {
    while (bits[i] > 0) {
      let j = i - 2;
      while (bits[j] === 0) j--;
      bits[i] -= 2;
      bits[i - 1]++;
      bits[j + 1] += 2;
      bits[j]--;
    }
  }
  let i = 16;
  while (bits[i] === 0) i--;
  bits[i]--; // drop the reserved symbol's code
}

function assignCodes(bits: number[], values: number[]): HuffmanTable {
  const codes = new Map<number, { code: number; length: number }>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let c = 0; c < bits[length]; c++) codes.set(values[k++], { code: code++, length });
    code <<= 1;
  }
  return { bits: bits.slice(1, 17), values: values.slice(0, k), codes };
}
