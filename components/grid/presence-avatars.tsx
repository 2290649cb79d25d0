import { initials, readableTextColor } from './avatar-style';

export interface PresenceUser {
  userId: string;
  name: string;
  /** CSS colour assigned to the user (hex gets a contrasting text colour). */
  color: string;
}

export interface PresenceAvatarsProps {
  users: readonly PresenceUser[];
  /** Avatars shown before collapsing the rest into "+N". */
  max?: number;
}

/** Small overlapping initials for who is viewing a scan; names in the title. Decorative to screen readers. */
export function PresenceAvatars({ users, max = 3 }: PresenceAvatarsProps) {
  if (users.length === 0) return null;
  const shown = users.slice(0, max);
  const hidden = users.length - shown.length;
  return (
    <div className="flex -space-x-1.5" title={`Viewing: ${users.map((u) => u.name).join(', ')}`} aria-hidden="true">
      {shown.map((u) => (
        <span
          key={u.userId}
          className="flex size-6 items-center justify-center rounded-full text-[10px] font-semibold ring-2 ring-neutral-900"
          style={{ backgroundColor: u.color, color: readableTextColor(u.color) }}
        >
          {initials(u.name)}
        </span>
      ))}
      {hidden > 0 && (
        <span className="flex size-6 items-center justify-center rounded-full bg-neutral-700 text-[10px] font-semibold text-neutral-100 ring-2 ring-neutral-900">
          +{hidden}
        </span>
      )}
    </div>
  );
}
