'use client';

import { usePathname } from 'next/navigation';

/** The labelling page's first tab stop: past the navigation, straight to the viewer (#viewer). */
export function SkipToViewer({ slug }: { slug: string }) {
  if (!usePathname().startsWith(`/projects/${slug}/scans`)) return null;
  return (
    <a
      href="#viewer"
      className="sr-only z-50 rounded bg-sky-700 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:fixed focus:left-2 focus:top-2"
    >
      Skip to the viewer
    </a>
  );
}
