export type ProjectLabelMatch = { ok: true; label: string } | { ok: false; message: string };

/**
 * A prior label read from a folder name or a labels CSV, as one of the project's labels:
 * itself, or the one label it equals ignoring case and surrounding spaces (`Glioma/` files
 * into `glioma`). Anything else is refused: a prior label outside the label set would
 * train and count as a class the project does not have.
 */
export function matchProjectLabel(raw: string, projectLabels: readonly string[]): ProjectLabelMatch {
  if (projectLabels.includes(raw)) return { ok: true, label: raw };
  const key = raw.trim().toLocaleLowerCase('en');
  const matches = projectLabels.filter((l) => l.trim().toLocaleLowerCase('en') === key);
  if (matches.length === 1) return { ok: true, label: matches[0]! };
  const known = projectLabels.join(', ');
  if (matches.length > 1)
    return { ok: false, message: `Prior label "${raw}" matches several project labels (${matches.join(', ')}).` };
  return { ok: false, message: `Prior label "${raw}" is not one of this project's labels (${known}).` };
}
