'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

export function CreateUserForm() {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const res = await fetch('/api/users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(form)),
    });
    const body = (await res.json()) as { ok: boolean; error?: { message: string } };
    if (body.ok) {
      setMessage({ ok: true, text: `Created ${String(form.get('email'))}.` });
      formEl.reset();
      router.refresh();
    } else setMessage({ ok: false, text: body.error?.message ?? 'Failed' });
  }

  const input = 'rounded border border-slate-700 bg-slate-950 px-2 py-1';
  return (
    <form
      onSubmit={onSubmit}
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-800 bg-slate-900 p-4"
    >
      <label className="flex flex-col text-sm">
        Name <input name="name" required className={input} />
      </label>
      <label className="flex flex-col text-sm">
        Email <input name="email" type="email" required className={input} />
      </label>
      <label className="flex flex-col text-sm">
        Role
        <select name="role" className={input} defaultValue="ANNOTATOR">
          <option>ANNOTATOR</option>
          <option>CLINICIAN</option>
          <option>LEAD</option>
          <option>ADMIN</option>
        </select>
      </label>
      <label className="flex flex-col text-sm">
        Initial password <input name="password" type="password" minLength={10} required className={input} />
      </label>
      <button type="submit" className="rounded bg-sky-600 px-3 py-1.5 text-white hover:bg-sky-500">
        Create user
      </button>
      {message && (
        <p role="status" className={message.ok ? 'text-emerald-300' : 'text-red-300'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
