/**
 * A scan's name as a link to its page: a PACS import's name is a path of UIDs, so the file name
 * is shown, shortened in the middle when long, and the whole name is the tooltip.
 */
export function ScanLink({ slug, scanId, name }: { slug: string; scanId: string; name: string }) {
  const file = name.split('/').pop() ?? name;
  const short = file.length > 28 ? `${file.slice(0, 12)}…${file.slice(-12)}` : file;
  return (
    <a
      href={`/projects/${slug}/scans/${scanId}`}
      title={name}
      className="font-mono text-xs text-sky-300 hover:underline"
    >
      {short}
    </a>
  );
}
