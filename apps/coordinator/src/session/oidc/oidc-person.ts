import { USER_NAME_MAX_LENGTH } from '../../users/users.schemas';
import { SIGN_IN_EMAIL_MAX_LENGTH } from '../session.schemas';

/**
 * Who the issuer says signed in, decided from the claims alone (ID token, merged with the
 * userinfo answer when the ID token carries no email). Pure: no I/O, tested with tables.
 */
export type OidcPerson = { readonly ok: true; readonly email: string; readonly name: string } | { readonly ok: false; readonly reason: OidcRefusal };

/** Why claims do not name a person who may sign in; each has the short message the sign-in page shows. */
export type OidcRefusal = 'no-email' | 'email-not-verified' | 'domain-not-allowed';

export const OIDC_REFUSAL_MESSAGES: Readonly<Record<OidcRefusal, string>> = {
  'no-email': 'the identity provider did not share an email address',
  'email-not-verified': 'the identity provider has not verified your email address',
  'domain-not-allowed': 'your email domain is not allowed to sign in here',
};

export function personFromClaims(claims: Readonly<Record<string, unknown>>, allowedDomains: readonly string[]): OidcPerson {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1 || email.length > SIGN_IN_EMAIL_MAX_LENGTH) return { ok: false, reason: 'no-email' };
  // Only `true` counts: some issuers send the string "true", others omit the claim; neither proves the address is the person's.
  if (claims.email_verified !== true) return { ok: false, reason: 'email-not-verified' };
  if (allowedDomains.length > 0 && !allowedDomains.includes(email.slice(at + 1))) return { ok: false, reason: 'domain-not-allowed' };
  return { ok: true, email, name: displayName(claims, email) };
}

function displayName(claims: Readonly<Record<string, unknown>>, email: string): string {
  const joined = [claims.given_name, claims.family_name].filter((part): part is string => typeof part === 'string' && part.trim() !== '').join(' ');
  for (const candidate of [claims.name, joined, claims.preferred_username]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim().slice(0, USER_NAME_MAX_LENGTH);
  }
  return email.slice(0, email.lastIndexOf('@'));
}
