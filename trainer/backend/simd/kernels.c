/*
 * NeuroLoop's SIMD kernels for the trainer's WASM backend (docs/ARCHITECTURE.md, "SIMD
 * kernels"). They run on tfjs-backend-wasm's own linear memory, which this module imports:
 * every pointer is a byte offset into that heap, and the module has no data, no stack use and
 * no state of its own. Build: node bin/build-simd-kernels.mjs (clang and wasm-ld with the
 * wasm32 target), which writes kernels-wasm.ts.
 *
 * Layout: NHWC float32, n values of C channels each (n / C pixels). Sums are kept in float64.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))
#define BLOCK 128

static inline v128_t lo64(v128_t v) { return wasm_f64x2_promote_low_f32x4(v); }
static inline v128_t hi64(v128_t v) { return wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1)); }

/* s1[c] += sum(x - shift[c]), s2[c] += sum((x - shift[c])^2) over every pixel. */
EXPORT(bn_sums)
void bn_sums(const float *x, int n, int C, const double *shift, double *s1, double *s2) {
  const int pixels = n / C;
  const int C4 = C & ~3;
  for (int p0 = 0; p0 < pixels; p0 += BLOCK) {
    const int p1 = p0 + BLOCK < pixels ? p0 + BLOCK : pixels;
    for (int c = 0; c < C4; c += 4) {
      const v128_t k0 = wasm_v128_load(shift + c), k1 = wasm_v128_load(shift + c + 2);
      v128_t a0 = wasm_f64x2_splat(0), a1 = a0, q0 = a0, q1 = a0;
      for (int p = p0; p < p1; p++) {
        const v128_t v = wasm_v128_load(x + p * C + c);
        const v128_t d0 = wasm_f64x2_sub(lo64(v), k0), d1 = wasm_f64x2_sub(hi64(v), k1);
        a0 = wasm_f64x2_add(a0, d0);
        a1 = wasm_f64x2_add(a1, d1);
        q0 = wasm_f64x2_add(q0, wasm_f64x2_mul(d0, d0));
        q1 = wasm_f64x2_add(q1, wasm_f64x2_mul(d1, d1));
      }
      wasm_v128_store(s1 + c, wasm_f64x2_add(wasm_v128_load(s1 + c), a0));
      wasm_v128_store(s1 + c + 2, wasm_f64x2_add(wasm_v128_load(s1 + c + 2), a1));
      wasm_v128_store(s2 + c, wasm_f64x2_add(wasm_v128_load(s2 + c), q0));
      wasm_v128_store(s2 + c + 2, wasm_f64x2_add(wasm_v128_load(s2 + c + 2), q1));
    }
    for (int c = C4; c < C; c++) {
      const double k = shift[c];
      double a = 0, q = 0;
      for (int p = p0; p < p1; p++) {
        const double d = (double)x[p * C + c] - k;
        a += d;
        q += d * d;
      }
      s1[c] += a;
      s2[c] += q;
    }
  }
}

/* y = x * scale[c] + offset[c]. */
EXPORT(bn_apply)
void bn_apply(const float *x, float *y, int n, int C, const float *scale, const float *offset) {
  const int C4 = C & ~3;
  for (int p = 0; p < n; p += C) {
    for (int c = 0; c < C4; c += 4) {
      const v128_t v = wasm_v128_load(x + p + c);
      wasm_v128_store(y + p + c,
                      wasm_f32x4_add(wasm_f32x4_mul(v, wasm_v128_load(scale + c)), wasm_v128_load(offset + c)));
    }
    for (int c = C4; c < C; c++) y[p + c] = x[p + c] * scale[c] + offset[c];
  }
}

/* sDy[c] += sum(dy), sDyXc[c] += sum(dy * (x - mean[c])) over every pixel. */
EXPORT(bn_grad_sums)
void bn_grad_sums(const float *dy, const float *x, int n, int C, const double *mean, double *sDy, double *sDyXc) {
  const int pixels = n / C;
  const int C4 = C & ~3;
  for (int p0 = 0; p0 < pixels; p0 += BLOCK) {
    const int p1 = p0 + BLOCK < pixels ? p0 + BLOCK : pixels;
    for (int c = 0; c < C4; c += 4) {
      const v128_t m0 = wasm_v128_load(mean + c), m1 = wasm_v128_load(mean + c + 2);
      v128_t a0 = wasm_f64x2_splat(0), a1 = a0, q0 = a0, q1 = a0;
      for (int p = p0; p < p1; p++) {
        const v128_t g = wasm_v128_load(dy + p * C + c);
        const v128_t v = wasm_v128_load(x + p * C + c);
        const v128_t g0 = lo64(g), g1 = hi64(g);
        a0 = wasm_f64x2_add(a0, g0);
        a1 = wasm_f64x2_add(a1, g1);
        q0 = wasm_f64x2_add(q0, wasm_f64x2_mul(g0, wasm_f64x2_sub(lo64(v), m0)));
        q1 = wasm_f64x2_add(q1, wasm_f64x2_mul(g1, wasm_f64x2_sub(hi64(v), m1)));
      }
      wasm_v128_store(sDy + c, wasm_f64x2_add(wasm_v128_load(sDy + c), a0));
      wasm_v128_store(sDy + c + 2, wasm_f64x2_add(wasm_v128_load(sDy + c + 2), a1));
      wasm_v128_store(sDyXc + c, wasm_f64x2_add(wasm_v128_load(sDyXc + c), q0));
      wasm_v128_store(sDyXc + c + 2, wasm_f64x2_add(wasm_v128_load(sDyXc + c + 2), q1));
    }
    for (int c = C4; c < C; c++) {
      const double mu = mean[c];
      double a = 0, q = 0;
      for (int p = p0; p < p1; p++) {
        const double g = dy[p * C + c];
        a += g;
        q += g * ((double)x[p * C + c] - mu);
      }
      sDy[c] += a;
      sDyXc[c] += q;
    }
  }
}

/* dx = A[c] * dy + B[c] * x + D[c]. */
EXPORT(bn_grad_apply)
void bn_grad_apply(const float *dy, const float *x, float *dx, int n, int C, const float *A, const float *B,
                   const float *D) {
  const int C4 = C & ~3;
  for (int p = 0; p < n; p += C) {
    for (int c = 0; c < C4; c += 4) {
      const v128_t r = wasm_f32x4_add(
          wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(A + c), wasm_v128_load(dy + p + c)),
                         wasm_f32x4_mul(wasm_v128_load(B + c), wasm_v128_load(x + p + c))),
          wasm_v128_load(D + c));
      wasm_v128_store(dx + p + c, r);
    }
    for (int c = C4; c < C; c++) dx[p + c] = A[c] * dy[p + c] + B[c] * x[p + c] + D[c];
  }
}

/*
 * Max-pool gradient: each window's gradient goes to the first element, in scan order (rows,
 * then columns), equal to the forward pass's maximum y. dx must be zero on entry. geometry:
 * batch, H, W, C, outH, outW, strideH, strideW, filterH, filterW, dilationH, dilationW, top, left
 * (int32, the effective filter size).
 */
EXPORT(max_pool_grad)
void max_pool_grad(const float *x, const float *y, const float *dy, float *dx, int batch, int H, int W, int C,
                   int outH, int outW, int sh, int sw, int fh, int fw, int dh, int dw, int top, int left) {
  const int C4 = C & ~3;
  const int disjoint = dh == 1 && dw == 1 && sh >= fh && sw >= fw;
  int o = 0;
  for (int b = 0; b < batch; b++) {
    for (int yr = 0; yr < outH; yr++) {
      const int r0 = yr * sh - top;
      int rMin = r0;
      while (rMin < 0) rMin += dh;
      const int rMax = r0 + fh < H ? r0 + fh : H;
      for (int yc = 0; yc < outW; yc++, o += C) {
        const int c0 = yc * sw - left;
        int cMin = c0;
        while (cMin < 0) cMin += dw;
        const int cMax = c0 + fw < W ? c0 + fw : W;
        if (disjoint) {
          /* Each element is in one window at most: its gradient is stored, without a branch. */
          for (int c = 0; c < C4; c += 4) {
            const v128_t t = wasm_v128_load(y + o + c);
            const v128_t g = wasm_v128_load(dy + o + c);
            v128_t found = wasm_i32x4_splat(0);
            for (int r = rMin; r < rMax; r += dh) {
              for (int cc = cMin; cc < cMax; cc += dw) {
                const int at = ((b * H + r) * W + cc) * C + c;
                const v128_t hit = wasm_v128_andnot(wasm_f32x4_eq(wasm_v128_load(x + at), t), found);
                found = wasm_v128_or(found, hit);
                wasm_v128_store(dx + at, wasm_v128_and(g, hit));
              }
            }
          }
        }
        for (int c = 0; c < (disjoint ? 0 : C4); c += 4) {
          const v128_t t = wasm_v128_load(y + o + c);
          const v128_t g = wasm_v128_load(dy + o + c);
          v128_t found = wasm_i32x4_splat(0);
          for (int r = rMin; r < rMax; r += dh) {
            for (int cc = cMin; cc < cMax; cc += dw) {
              const int at = ((b * H + r) * W + cc) * C + c;
              const v128_t hit = wasm_v128_andnot(wasm_f32x4_eq(wasm_v128_load(x + at), t), found);
              found = wasm_v128_or(found, hit);
              wasm_v128_store(dx + at, wasm_f32x4_add(wasm_v128_load(dx + at), wasm_v128_and(g, hit)));
            }
          }
        }
        for (int c = C4; c < C; c++) {
          const float t = y[o + c];
          int done = 0;
          for (int r = rMin; r < rMax && !done; r += dh) {
            for (int cc = cMin; cc < cMax; cc += dw) {
              const int at = ((b * H + r) * W + cc) * C + c;
              if (x[at] == t) {
                dx[at] += dy[o + c];
                done = 1;
                break;
              }
            }
          }
        }
      }
    }
  }
}

/*
 * The unrolled patches of a convolution's input, for its filter gradient: row (i, j, ci) of
 * cols, column (b, oh, ow), holds xPadded[b, oh * sh + i, ow * sw + j, ci] (zero in the
 * padding). cols is [kh * kw * C, batch * outH * outW]. The geometry: batch, H, W, C, outH,
 * outW, kh, kw, sh, sw, top, left.
 */
EXPORT(im2col_rows)
void im2col_rows(const float *x, float *cols, int batch, int H, int W, int C, int outH, int outW, int kh, int kw,
                 int sh, int sw, int top, int left) {
  const int n = batch * outH * outW;
  const int step = sw * C;
  for (int i = 0; i < kh; i++) {
    for (int b = 0; b < batch; b++) {
      for (int oh = 0; oh < outH; oh++) {
        const int r = oh * sh + i - top;
        const int col0 = (b * outH + oh) * outW;
        for (int j = 0; j < kw; j++) {
          /* Output columns [first, end) read inside the image; the rest are padding. */
          int first = left - j > 0 ? (left - j + sw - 1) / sw : 0;
          if (first > outW) first = outW;
          int end = W + left - j > 0 ? (W + left - j + sw - 1) / sw : 0;
          if (end > outW) end = outW;
          if (end < first) end = first;
          for (int ci = 0; ci < C; ci++) {
            float *out = cols + ((i * kw + j) * C + ci) * n + col0;
            if (r < 0 || r >= H) {
              for (int ow = 0; ow < outW; ow++) out[ow] = 0;
              continue;
            }
            for (int ow = 0; ow < first; ow++) out[ow] = 0;
            for (int ow = end; ow < outW; ow++) out[ow] = 0;
            const float *src = x + ((b * H + r) * W + first * sw + j - left) * C + ci;
            for (int ow = first; ow < end; ow++, src += step) out[ow] = *src;
          }
        }
      }
    }
  }
}

/*
 * A filter [kh, kw, Cin, Cout] rotated 180 degrees with its channels swapped, [kh, kw, Cout,
 * Cin]: the filter whose forward convolution of dy is the input gradient.
 */
EXPORT(flip_filter)
void flip_filter(const float *w, float *out, int kh, int kw, int cin, int cout) {
  for (int i = 0; i < kh; i++) {
    for (int j = 0; j < kw; j++) {
      const float *src = w + ((kh - 1 - i) * kw + (kw - 1 - j)) * cin * cout;
      float *dst = out + (i * kw + j) * cout * cin;
      for (int ci = 0; ci < cin; ci++) {
        for (int co = 0; co < cout; co++) dst[co * cin + ci] = src[ci * cout + co];
      }
    }
  }
}

/*
 * The input gradient from its patches: cols [batch * outH * outW, kh * kw * C] holds, for each
 * output pixel, dy's contribution to each input element its window read (dy times the filter,
 * transposed); each is added to dx at xPadded[b, oh * sh + i, ow * sw + j, :], the padding
 * dropped. dx must be zero on entry. The geometry as im2col_rows'.
 */
EXPORT(col2im_add)
void col2im_add(const float *cols, float *dx, int batch, int H, int W, int C, int outH, int outW, int kh, int kw,
                int sh, int sw, int top, int left) {
  const int C4 = C & ~3;
  const float *src = cols;
  for (int b = 0; b < batch; b++) {
    for (int oh = 0; oh < outH; oh++) {
      for (int ow = 0; ow < outW; ow++) {
        for (int i = 0; i < kh; i++, src += kw * C) {
          const int r = oh * sh + i - top;
          if (r < 0 || r >= H) continue;
          for (int j = 0; j < kw; j++) {
            const int cc = ow * sw + j - left;
            if (cc < 0 || cc >= W) continue;
            const float *from = src + j * C;
            float *dst = dx + ((b * H + r) * W + cc) * C;
            for (int c = 0; c < C4; c += 4)
              wasm_v128_store(dst + c, wasm_f32x4_add(wasm_v128_load(dst + c), wasm_v128_load(from + c)));
            for (int c = C4; c < C; c++) dst[c] += from[c];
          }
        }
      }
    }
  }
}

/* out [cols, rows] = the matrix a [rows, cols] transposed. */
EXPORT(transpose)
void transpose(const float *a, float *out, int rows, int cols) {
  for (int r = 0; r < rows; r++) {
    for (int c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c];
  }
}
