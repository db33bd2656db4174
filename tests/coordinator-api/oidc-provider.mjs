// A real OpenID Connect provider (oidc-provider, the certified implementation) for the
// single sign-on tests, run as its own process because oidc-provider ships only as an ES
// module. It listens on a free loopback port and prints `{"issuer": ...}` as its first line.
//
// OIDC_TEST_CLIENT: JSON { client_id, client_secret, redirect_uris } registered at start.
// OIDC_TEST_ACCOUNTS: JSON { <login>: { email, email_verified, name } }; the development
// login form takes the login and any password.
import { createServer } from 'node:http';
import process from 'node:process';
import Provider from 'oidc-provider';

const client = JSON.parse(process.env.OIDC_TEST_CLIENT ?? '{}');
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS ?? '{}');

const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{ ...client, grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  cookies: { keys: ['runtime-hub oidc test cookie key'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, id) {
    if (!Object.hasOwn(accounts, id)) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...accounts[id] }) };
  },
});
// Its development login pages warn on every start; the tests want only the issuer line.
provider.on('server_error', (_ctx, error) => process.stderr.write(`oidc-provider: ${error.stack}\n`));
server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
