import { describe, expect, it } from 'vitest';
import { preparedStatementName } from '@/server/db/client';

describe('preparedStatementName', () => {
  it('gives one SQL text one name, and different texts different names', () => {
    const name = preparedStatementName();
    const a = name({ sql: 'SELECT 1' });
    expect(a).toMatch(/^nl_[0-9a-f]{24}$/);
    expect(name({ sql: 'SELECT 1' })).toBe(a);
    expect(name({ sql: 'SELECT 2' })).not.toBe(a);
  });

  it('stops naming new texts at the cap (unnamed: parsed per execution) but keeps the known ones', () => {
    const name = preparedStatementName(2);
    const a = name({ sql: 'SELECT 1' });
    name({ sql: 'SELECT 2' });
    expect(name({ sql: 'SELECT 3' })).toBe('');
    expect(name({ sql: 'SELECT 1' })).toBe(a);
  });
});
