import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ScanViewer, type ViewerImage } from '@/components/viewer/scan-viewer';
import { ShortcutSheet } from '@/components/viewer/shortcut-sheet';
import { ThumbnailGrid } from '@/components/grid/thumbnail-grid';

const image: ViewerImage = {
  pixels: Float32Array.from({ length: 32 * 32 }, (_, i) => (i % 200) - 100),
  width: 32,
  height: 32,
  modality: 'CT',
  hounsfield: true,
};

const noop = (): void => undefined;

describe('ScanViewer markup (server render, first paint)', () => {
  it('exposes the window state and the canvas to tests', () => {
    const html = renderToStaticMarkup(createElement(ScanViewer, { image }));
    expect(html).toContain('data-testid="scan-viewer-canvas"');
    expect(html).toContain('data-window-width="80"');
    expect(html).toContain('data-window-center="40"');
    expect(html).toContain('data-inverted="false"');
    expect(html).toContain('data-preset="brain"');
    expect(html).toContain('W 80 L 40');
  });

  it('marks the active preset pressed and shows the shortcut in titles', () => {
    const html = renderToStaticMarkup(createElement(ScanViewer, { image, presetKeys: 'shift' }));
    expect(html).toMatch(/title="Brain window, W80\/L40 HU \(Shift\+1\)" aria-pressed="true"/);
    expect(html).toMatch(/title="Bone window, W2800\/L600 HU \(Shift\+3\)" aria-pressed="false"/);
  });

  it('starts from the file window when the image has one', () => {
    const html = renderToStaticMarkup(
      createElement(ScanViewer, { image: { ...image, window: { width: 350, center: 50 } } }),
    );
    expect(html).toContain('data-window-width="350"');
    expect(html).toContain('data-preset="file"');
  });

  it('says when there is nothing to show', () => {
    const empty = renderToStaticMarkup(createElement(ScanViewer, { image: null }));
    expect(empty).toContain('No image');
    expect(empty).toMatch(/<button[^>]*disabled=""/);
    expect(renderToStaticMarkup(createElement(ScanViewer, { image: null, loading: true }))).toContain('Loading image');
  });
});

describe('ThumbnailGrid markup', () => {
  const items = [
    {
      id: 'a',
      thumbnailUrl: '/t/a.png',
      title: 'Scan A',
      badges: ['CT'],
      presence: [{ userId: 'u1', name: 'Ada King', color: '#ffeb3b' }],
    },
    { id: 'b', thumbnailUrl: '/t/b.png', title: 'Scan B', labelSummary: '2 labels', selected: true },
  ];
  const html = renderToStaticMarkup(createElement(ThumbnailGrid, { items, onOpen: noop }));

  it('lazy-loads images in fixed boxes', () => {
    expect(html.match(/loading="lazy"/g)).toHaveLength(2);
    expect(html.match(/decoding="async"/g)).toHaveLength(2);
    expect(html).toContain('aspect-square');
  });

  it('has one tab stop, on the selected card', () => {
    expect(html.match(/tabindex="0"/g)).toHaveLength(1);
    expect(html).toMatch(/tabindex="0" aria-current="true" aria-label="Scan B, 2 labels"/);
  });

  it('shows who is viewing with initials on their colour', () => {
    expect(html).toContain('aria-label="Scan A, CT, viewing: Ada King"');
    expect(html).toMatch(/background-color:#ffeb3b;color:#000">AK</);
  });
});

describe('ShortcutSheet markup', () => {
  const groups = [{ title: 'Viewer', items: [{ keys: ['Shift', '1'], description: 'Brain window' }] }];

  it('renders an accessible modal only when open', () => {
    expect(renderToStaticMarkup(createElement(ShortcutSheet, { open: false, onClose: noop, groups }))).toBe('');
    const html = renderToStaticMarkup(createElement(ShortcutSheet, { open: true, onClose: noop, groups }));
    expect(html).toContain('role="dialog"');
    expect(html).toContain('aria-modal="true"');
    expect(html).toMatch(/<kbd[^>]*>Shift<\/kbd><span[^>]*>\+<\/span><kbd[^>]*>1<\/kbd>/);
  });
});
