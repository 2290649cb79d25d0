import type { Metadata } from 'next';
import { requireUser } from '@/server/http/page-guard';
import { getServices } from '@/server/services';
import { listUsers } from '@/server/use-cases/list-users';
import { AppHeader } from '@/components/nav/app-header';
import { CreateUserForm } from '@/components/admin/create-user-form';

export const metadata: Metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

export default async function UsersPage() {
  const user = await requireUser('ADMIN', '/admin/users');
  const users = await listUsers(getServices().db);
  return (
    <>
      <AppHeader user={user} crumbs={[{ href: '/admin/users', label: 'Users' }]} />
      <main className="mx-auto max-w-4xl space-y-6 p-6">
        <h1 className="text-2xl font-semibold">Users</h1>
        <CreateUserForm />
        <table className="w-full text-sm" data-testid="users-table">
          <thead className="text-left text-slate-400">
            <tr>
              <th className="py-1">Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-t border-slate-800">
                <td className="py-1">{u.name}</td>
                <td className="text-slate-400">{u.email}</td>
                <td>{u.role}</td>
                <td className="text-slate-500">{u.createdAt.toISOString().slice(0, 10)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </main>
    </>
  );
}
