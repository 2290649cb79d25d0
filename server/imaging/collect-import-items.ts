import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '@/lib/errors/app-error';
import type { ImportItem } from './import-port';

/**
 * Files under the given paths, in a stable order, named relative to each root's parent
 * ('brain-mri/Training/glioma/x.png') so the layout survives whichever folder is passed.
 * Hidden entries are skipped; a symlink that leads out of its root is kept as an unsafe item.
 */
export async function collectImportItems(paths: string[]): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for (const p of paths) {
    const abs = path.resolve(p);
    const info = await stat(abs).catch(() => {
      throw new AppError({ code: 'BAD_REQUEST', message: `no such file or folder: ${p}` });
    });
    if (info.isDirectory()) await walk(await realpath(abs), abs, path.basename(abs), items);
    else items.push({ name: path.basename(abs), filePath: abs });
  }
  return items;
}

async function walk(rootReal: string, dir: string, prefix: string, items: ImportItem[]): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const abs = path.join(dir, e.name);
    const name = `${prefix}/${e.name}`;
    if (e.isSymbolicLink()) {
      const target = await realpath(abs).catch(() => undefined);
      const inside = target !== undefined && (target === rootReal || target.startsWith(rootReal + path.sep));
      if (!inside) {
        items.push({ name, unsafeReason: `${name} is a link that leads outside ${path.basename(rootReal)}` });
        continue;
      }
      const info = await stat(abs);
      if (info.isDirectory()) continue; // links to folders inside the root would visit them twice
      items.push({ name, filePath: abs });
    } else if (e.isDirectory()) await walk(rootReal, abs, name, items);
    else if (e.isFile()) items.push({ name, filePath: abs });
  }
}
