import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LabelBar } from '@/components/labeling/label-bar';
import type { ChainView } from '@/lib/realtime/scan-view';

const chain = (labels: string[] | null): ChainView => ({
  labels,
  pending: false,
  headId: labels ? 'a1' : null,
  action: labels ? 'LABEL' : null,
  authorName: labels ? 'Ana' : null,
});

const buttonOf = (html: string, label: string): string =>
  html.match(new RegExp(`<button[^>]*data-testid="label-${label}"[^>]*>`))?.[0] ?? '';

describe('the label bar with a retired label', () => {
  const labels = ['normal', 'hemorrhage', 'artefact'];
  const props = { labels, retired: ['artefact'], mode: 'read' as const, disabled: false, onLabel: () => undefined };

  it('shows the retired label, marked, and does not offer it for a new read', () => {
    const html = renderToStaticMarkup(createElement(LabelBar, { ...props, chain: chain(null) }));
    expect(buttonOf(html, 'artefact')).toContain(' disabled=""');
    expect(buttonOf(html, 'artefact')).toContain('title="Retired: old reads keep this label');
    expect(buttonOf(html, 'normal')).not.toContain(' disabled=""');
    expect(html).toContain('>retired<');
  });

  it('keeps an old read that holds it visible and pressed', () => {
    const html = renderToStaticMarkup(createElement(LabelBar, { ...props, chain: chain(['artefact']) }));
    expect(buttonOf(html, 'artefact')).toContain('aria-pressed="true"');
    expect(buttonOf(html, 'artefact')).not.toContain(' disabled=""');
  });
});
