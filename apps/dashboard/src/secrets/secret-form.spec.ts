import { EMPTY_SECRET_FORM, secretBody } from './secret-form';

describe('secret form', () => {
  it('builds the PUT body with its labels', () => {
    expect(secretBody({ name: ' DB_PASSWORD ', value: 'p w', labels: 'finance, windows,' }, false)).toEqual({
      ok: true,
      name: 'DB_PASSWORD',
      body: { value: 'p w', labels: ['finance', 'windows'] },
    });
    expect(secretBody({ ...EMPTY_SECRET_FORM, name: 'X', value: 'v' }, false)).toEqual({ ok: true, name: 'X', body: { value: 'v', labels: [] } });
  });

  it('keeps the labels a secret has when a replaced value comes without any', () => {
    expect(secretBody({ name: 'X', value: 'new', labels: '' }, true)).toEqual({ ok: true, name: 'X', body: { value: 'new' } });
  });

  it('names the wrong field', () => {
    expect(secretBody({ ...EMPTY_SECRET_FORM, name: 'db-password', value: 'x' }, false)).toMatchObject({ ok: false, field: 'name' });
    expect(secretBody({ ...EMPTY_SECRET_FORM, name: 'OK' }, false)).toEqual({ ok: false, field: 'value', message: 'type the value' });
  });
});
