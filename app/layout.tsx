import type { Metadata } from 'next';
import localFont from 'next/font/local';
import './globals.css';

// next/font/google would fetch at build time; the font ships in @fontsource-variable/inter.
const inter = localFont({
  src: '../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2',
  variable: '--font-inter',
  display: 'swap',
});

export const metadata: Metadata = {
  title: { default: 'NeuroLoop', template: '%s · NeuroLoop' },
  description: 'Label brain scans together; the models learn from every label.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
