import { useState, type FormEvent } from 'react';
import type { Role } from '@runtime-hub/protocol';
import { usersApi, type UserRecord } from '../api/people.api';
import { ErrorBanner, errorMessage } from '../ui/ErrorText';
import { useAsync } from '../ui/use-async';

const ROLES: readonly Role[] = ['viewer', 'operator', 'editor', 'admin'];

/** People and their roles (admins only): add one, change a role, disable or enable. Disabling ends every session and token of theirs. */
export function UsersPage() {
  const { state, reload } = useAsync(() => usersApi.list(), 'users');
  const [error, setError] = useState<string | null>(null);
  const act = (work: Promise<unknown>) => {
    setError(null);
    work.then(reload, (failure: unknown) => setError(errorMessage(failure)));
  };
  return (
    <div className="page" data-testid="users-page">
      <header className="page-header">
        <div>
          <h1>Users</h1>
          <p className="muted">Viewers read; operators also run; editors also change workflows and schedules; admins also manage people and tokens.</p>
        </div>
      </header>
      <NewUserForm onCreated={reload} />
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {state.status === 'failed' && <ErrorBanner error={state.error} onRetry={reload} />}
      {state.status === 'loading' && <div className="skeleton-table" aria-busy="true" />}
      {state.status === 'ready' && (
        <table className="table" data-testid="users-table">
          <thead>
            <tr>
              <th>Email</th>
              <th>Name</th>
              <th>Role</th>
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {state.value.map((user) => (
              <UserRow key={user.id} user={user} act={act} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function UserRow({ user, act }: { user: UserRecord; act: (work: Promise<unknown>) => void }) {
  return (
    <tr data-testid="user-row" data-email={user.email}>
      <td>{user.email}</td>
      <td>{user.name}</td>
      <td>
        <select aria-label={`Role of ${user.email}`} value={user.role} onChange={(event) => act(usersApi.update(user.id, { role: event.target.value as Role }))}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </td>
      <td>{user.disabled ? <span className="chip chip-muted">disabled</span> : 'active'}</td>
      <td className="row-actions">
        <button type="button" className={`button button-small${user.disabled ? '' : ' button-danger-ghost'}`} onClick={() => act(usersApi.update(user.id, { disabled: !user.disabled }))}>
          {user.disabled ? 'Enable' : 'Disable'}
        </button>
      </td>
    </tr>
  );
}

function NewUserForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await usersApi.create({ name, email, role, ...(password !== '' ? { password } : {}) });
      setName('');
      setEmail('');
      setPassword('');
      onCreated();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="new-user-form">
      <input aria-label="Name" placeholder="Name" value={name} onChange={(event) => setName(event.target.value)} required />
      <input aria-label="Email" type="email" placeholder="Email" value={email} onChange={(event) => setEmail(event.target.value)} required />
      <input aria-label="Password" type="password" autoComplete="new-password" placeholder="Password" value={password} onChange={(event) => setPassword(event.target.value)} />
      <select aria-label="Role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
        {ROLES.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      <button type="submit" className="button button-primary">
        Add user
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
