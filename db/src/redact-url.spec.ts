import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('hides the password and keeps what identifies the server', () => {
    expect(redactUrl('postgres://runtime_hub:s3cret@db.internal:5432/runtime_hub')).toBe('postgres://runtime_hub:***@db.internal:5432/runtime_hub');
  });

  it('leaves a URL without password as it is', () => {
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/postgres')).toBe('postgres://postgres@127.0.0.1:5432/postgres');
  });

  it('never echoes a string it cannot parse, which may hold a secret', () => {
    expect(redactUrl('host=db password=s3cret')).toBe('(unparseable connection URL)');
  });
});
