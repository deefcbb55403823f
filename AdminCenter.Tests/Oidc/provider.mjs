// The single sign-on tests' identity provider: oidc-provider (certified) on loopback, with its own login and consent
// pages (devInteractions), three people in different groups, and one confidential client for AdminCenter. Any
// AdminCenter on 127.0.0.1 may be the redirect target, since the tests' app listens on a port chosen at start.
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;
const people = {
  alice: { email: 'alice@corp.example', name: 'Alice Admin', groups: ['ac-admins', 'finance'] },
  bob: { email: 'bob@corp.example', name: 'Bob Support', groups: ['ac-support'] },
  carol: { email: 'carol@corp.example', name: 'Carol Elsewhere', groups: ['finance'] },
};

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'admincenter',
    client_secret: 'admincenter-test-secret',
    redirect_uris: ['http://127.0.0.1/signin-oidc'],
    post_logout_redirect_uris: ['http://127.0.0.1/signout-callback-oidc'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  async findAccount(ctx, id) {
    const person = people[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: person.email, email_verified: true, name: person.name, groups: person.groups };
      },
    };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['admincenter-test-cookie-key'] },
  // The tests hand over the signing key, so one of them can re-sign a token the way only the provider could.
  ...(process.env.PROVIDER_JWKS ? { jwks: JSON.parse(process.env.PROVIDER_JWKS) } : {}),
  ttl: { IdToken: 300, AccessToken: 300, AuthorizationCode: 60, Session: 3600, Interaction: 600, Grant: 3600 },
});

const loopback = (uri) => { try { return new URL(uri).hostname === '127.0.0.1'; } catch { return false; } };
provider.Client.prototype.redirectUriAllowed = function (uri) { return loopback(uri) && uri.endsWith('/signin-oidc'); };
provider.Client.prototype.postLogoutRedirectUriAllowed = function (uri) { return loopback(uri) && uri.endsWith('/signout-callback-oidc'); };

provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
