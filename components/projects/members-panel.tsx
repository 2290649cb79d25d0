'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { roleDescriptions, type Role } from '@/lib/auth/roles';

export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: Role;
}

const inputClass = 'rounded border border-slate-600 bg-slate-950 px-2 py-1';

/**
 * The project's members. A lead adds people by email, changes roles and removes members
 * (their labels stay); everyone else sees the list only. Each change is audited server-side.
 */
export function MembersPanel({
  slug,
  members,
  canManage,
  canGrantAdmin,
}: {
  slug: string;
  members: MemberView[];
  canManage: boolean;
  canGrantAdmin: boolean;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const roles: Role[] = canGrantAdmin
    ? ['ANNOTATOR', 'CLINICIAN', 'LEAD', 'ADMIN']
    : ['ANNOTATOR', 'CLINICIAN', 'LEAD'];

  async function send(url: string, method: string, body: unknown, done: string): Promise<boolean> {
    try {
      const res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const out = (await res.json()) as { ok: boolean; error?: { message: string } };
      setMessage(out.ok ? { ok: true, text: done } : { ok: false, text: out.error?.message ?? 'The change failed.' });
      if (out.ok) router.refresh();
      return out.ok;
    } catch {
      setMessage({ ok: false, text: 'The server could not be reached; nothing changed.' });
      return false;
    }
  }

  async function onAdd(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const email = String(form.get('email'));
    if (await send(`/api/projects/${slug}/members`, 'POST', { email, role: form.get('role') }, `Added ${email}.`)) {
      formEl.reset();
    }
  }

  return (
    <section aria-labelledby="members-heading" className="space-y-4">
      <h2 id="members-heading" className="text-lg font-medium">
        Members
      </h2>
      <table className="w-full text-sm" data-testid="members-table">
        <thead className="text-left text-slate-400">
          <tr>
            <th className="py-1">Name</th>
            <th>Email</th>
            <th>Role</th>
            {canManage && <th className="sr-only">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId} className="border-t border-slate-800" data-testid={`member-${m.email}`}>
              <td className="py-1.5">{m.name}</td>
              <td className="text-slate-300">{m.email}</td>
              <td>
                {canManage && (m.role !== 'ADMIN' || canGrantAdmin) ? (
                  <select
                    aria-label={`Role of ${m.name}`}
                    defaultValue={m.role}
                    className={inputClass}
                    onChange={(e) =>
                      void send(
                        `/api/projects/${slug}/members/${m.userId}`,
                        'PATCH',
                        { role: e.target.value },
                        `${m.name} is now ${e.target.value}.`,
                      )
                    }
                  >
                    {roles.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                ) : (
                  m.role
                )}
              </td>
              {canManage && (
                <td className="text-right">
                  {(m.role !== 'ADMIN' || canGrantAdmin) && (
                    <button
                      type="button"
                      className="rounded border border-slate-600 px-2 py-1 text-slate-200 hover:border-red-400 hover:text-red-200"
                      onClick={() => {
                        if (window.confirm(`Remove ${m.name} from this project? Their labels stay.`)) {
                          void send(
                            `/api/projects/${slug}/members/${m.userId}`,
                            'DELETE',
                            undefined,
                            `Removed ${m.name}.`,
                          );
                        }
                      }}
                    >
                      Remove<span className="sr-only"> {m.name}</span>
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {canManage && (
        <form
          onSubmit={onAdd}
          aria-label="Add a member"
          className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-800 bg-slate-900 p-4"
        >
          <label className="flex flex-col text-sm">
            Email of an existing user
            <input name="email" type="email" required className={inputClass} />
          </label>
          <label className="flex flex-col text-sm">
            Role in this project
            <select name="role" defaultValue="ANNOTATOR" className={inputClass}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 text-white hover:bg-sky-600">
            Add member
          </button>
          <p className="basis-full text-xs text-slate-400">
            {roles.map((r) => `${r}: ${roleDescriptions[r]}`).join('. ')}. New people get an account from an admin first
            (Users page).
          </p>
        </form>
      )}
      {message && (
        <p role="status" className={message.ok ? 'text-sm text-emerald-300' : 'text-sm text-red-300'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
