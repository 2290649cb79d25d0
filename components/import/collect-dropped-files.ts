/** A file with the path it had under the dropped or chosen folder ('Training/glioma/x.png'). */
export interface PickedFile {
  file: File;
  path: string;
}

type Entry = FileSystemEntry;

/** Walks dropped folders (DataTransferItem.webkitGetAsEntry), keeping relative paths. */
export async function collectDroppedFiles(items: DataTransferItemList): Promise<PickedFile[]> {
  const entries = Array.from(items)
    .map((i) => i.webkitGetAsEntry?.())
    .filter((e): e is Entry => Boolean(e));
  const out: PickedFile[] = [];
  await Promise.all(entries.map((e) => walk(e, out)));
  return out;
}

async function walk(entry: Entry, out: PickedFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, path: entry.fullPath.replace(/^\//, '') });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns at most ~100 entries per call: read until empty.
  for (;;) {
    const batch = await new Promise<Entry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    await Promise.all(batch.map((e) => walk(e, out)));
  }
}

/** Files from an <input type="file" webkitdirectory> (or plain multiple) picker. */
export function filesFromInput(list: FileList): PickedFile[] {
  return Array.from(list).map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}
