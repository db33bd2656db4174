import { fillSecretPlaceholders, newPlaceholderNonce, protectSecretReferences, secretPlaceholder } from './secret-placeholders';

describe('secret placeholders', () => {
  it('replaces secret templates by placeholders and leaves every other template to the resolver', () => {
    const nonce = newPlaceholderNonce();
    const config = { script: 'echo {{ secrets.PW }} {{ inputs.x }}', headers: { Authorization: 'Bearer {{secrets.TOKEN}}' }, n: 3 };
    const { value, names } = protectSecretReferences(config, nonce);
    expect(names).toEqual(['PW', 'TOKEN']);
    expect(value).toEqual({ script: `echo ${secretPlaceholder(nonce, 'PW')} {{ inputs.x }}`, headers: { Authorization: `Bearer ${secretPlaceholder(nonce, 'TOKEN')}` }, n: 3 });
    expect(JSON.stringify(value)).not.toContain('secrets.');
    expect(config.script).toBe('echo {{ secrets.PW }} {{ inputs.x }}');
  });

  it('fills only placeholders that carry the task nonce', () => {
    const nonce = newPlaceholderNonce();
    const forged = secretPlaceholder(newPlaceholderNonce(), 'PW');
    const config = { script: `echo ${secretPlaceholder(nonce, 'PW')} ${forged}`, list: [secretPlaceholder(nonce, 'PW')] };
    expect(fillSecretPlaceholders(config, nonce, new Map([['PW', 'hunter2']]))).toEqual({ script: `echo hunter2 ${forged}`, list: ['hunter2'] });
  });
});
