import { PageHeading } from '../components.js';

/** Production: the API wants a bearer token. It is kept in session storage only (gone with the tab). */
export function SignInPage({ onToken, rejected }: { onToken(token: string): void; rejected: boolean }) {
  const submit = (event: Event) => {
    event.preventDefault();
    const token = String(new FormData(event.currentTarget as HTMLFormElement).get('token') ?? '').trim();
    if (token) onToken(token);
  };
  return (
    <>
      <PageHeading>Sign in</PageHeading>
      {rejected && (
        <p class="problem" role="alert">
          The API did not accept the token (missing, expired or invalid).
        </p>
      )}
      <form onSubmit={submit} class="sign-in">
        <label>
          Bearer token
          <textarea name="token" rows={4} required autocomplete="off" spellcheck={false} />
        </label>
        <p class="hint">Paste a token issued for your role. It stays in this tab's session storage until you sign out or close the tab.</p>
        <button type="submit">Sign in</button>
      </form>
    </>
  );
}
