import type { Metadata } from 'next';
import { requireUser } from '@/server/http/page-guard';
import { getServices } from '@/server/services';
import { listUsers } from '@/server/use-cases/list-users';
import { AppHeader } from '@/components/nav/app-header';
import { CreateUserForm } from '@/components/admin/create-user-form';
import { UserActions } from '@/components/admin/user-actions';
import { IMPORT_IDENTITY_EMAIL } from '@/server/use-cases/ensure-import-identity';

export const metadata: Metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

export default async function UsersPage() {
  const user = await requireUser('ADMIN');
  const users = (await listUsers(getServices().db)).filter((u) => u.email !== IMPORT_IDENTITY_EMAIL);
  return (
    <>
      <AppHeader user={user} crumbs={[{ href: '/admin/users', label: 'Users' }]} />
      <main className="mx-auto max-w-6xl space-y-6 p-6">
        <h1 className="text-2xl font-semibold">Users</h1>
        <CreateUserForm />
        <table className="w-full text-sm" data-testid="users-table">
          <thead className="text-left text-slate-400">
            <tr>
              <th className="py-1">Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Created</th>
              <th>Status</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className="border-t border-slate-800 align-top" data-testid={`user-${u.email}`}>
                <td className="py-1.5">{u.name}</td>
                <td className="text-slate-300">{u.email}</td>
                <td>{u.role}</td>
                <td className="text-slate-300">{u.createdAt.toISOString().slice(0, 10)}</td>
                <td className={u.disabled ? 'text-amber-200' : 'text-slate-300'}>
                  {u.disabled ? 'Deactivated' : 'Active'}
                </td>
                <td className="py-1.5">
                  <UserActions user={{ id: u.id, name: u.name, disabled: u.disabled }} self={u.id === user.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </main>
    </>
  );
}
