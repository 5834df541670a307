// The shell: sign-in, who am I, the role-aware menu built from the page registry, and the page
// for the current path. Pages a role may not open are neither listed nor routed; the server
// decides what data each one returns regardless.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, clearToken, currentToken, onSignedOut, setToken, takeTokenFromLocation } from './api';
import { PAGES } from './pages';
import type { PageDef } from './registry';
import { Link, match, navigate, usePath } from './router';
import { hasAnyRole, SessionContext, type Me } from './session';
import { ErrorState, Loading } from './ui';

type Phase =
  | { kind: 'loading' }
  | { kind: 'signed-out'; message?: string }
  | { kind: 'error'; error: unknown }
  | { kind: 'ready'; me: Me };

export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const loadMe = () => {
    if (!currentToken()) {
      setPhase({ kind: 'signed-out' });
      return;
    }
    setPhase({ kind: 'loading' });
    api.get<Me>('/v1/me').then(
      (me) => setPhase({ kind: 'ready', me }),
      (error: unknown) =>
        error instanceof ApiError && error.status === 401
          ? setPhase({
              kind: 'signed-out',
              message: 'Your session ended or the token was not accepted. Sign in again.',
            })
          : setPhase({ kind: 'error', error }),
    );
  };
  useEffect(() => {
    takeTokenFromLocation();
    loadMe();
    return onSignedOut(() => setPhase({ kind: 'signed-out', message: 'Your session ended. Sign in again.' }));
  }, []);

  if (phase.kind === 'loading') return <Loading what="your workspace" />;
  if (phase.kind === 'signed-out') return <SignIn message={phase.message} onSignedIn={loadMe} />;
  if (phase.kind === 'error')
    return (
      <main id="main" class="page">
        <ErrorState error={phase.error} retry={loadMe} />
      </main>
    );
  return (
    <SessionContext.Provider value={phase.me}>
      <Shell
        me={phase.me}
        onSignOut={() => {
          clearToken();
          setPhase({ kind: 'signed-out', message: 'You are signed out.' });
        }}
      />
    </SessionContext.Provider>
  );
}

function SignIn({ message, onSignedIn }: { message?: string | undefined; onSignedIn(): void }) {
  const [value, setValue] = useState('');
  return (
    <main id="main" class="sign-in">
      <form
        aria-labelledby="sign-in-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (!value.trim()) return;
          setToken(value.trim());
          onSignedIn();
        }}
      >
        <h1 id="sign-in-title">Sign in to Teachback</h1>
        {message ? (
          <p role="alert" class="notice">
            {message}
          </p>
        ) : null}
        <p>
          Your organisation signs you in through its identity provider, which brings you back here. To sign in
          by hand, paste the access token your administrator gave you (with <code>npm start</code>, the demo
          prints one per role).
        </p>
        <label for="token">Access token</label>
        <input
          id="token"
          type="password"
          autocomplete="off"
          required
          value={value}
          onInput={(e) => setValue((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}

export function pagesFor(me: Me): PageDef[] {
  return PAGES.filter((p) => hasAnyRole(me, p.roles));
}

function Shell({ me, onSignOut }: { me: Me; onSignOut(): void }) {
  const path = usePath();
  const [menuOpen, setMenuOpen] = useState(false);
  const mine = pagesFor(me);
  const nav = mine.filter((p) => p.nav).sort((a, b) => a.nav!.order - b.nav!.order);
  let found: { page: PageDef; params: Record<string, string> } | null = null;
  for (const page of mine) {
    const params = match(page.path, path);
    if (params) {
      found = { page, params };
      break;
    }
  }
  useEffect(() => {
    // The first menu entry is home; a page the role cannot open falls back to it.
    if (path === '/' && nav[0]) navigate(nav[0].path, { replace: true });
  }, [path]);
  useEffect(() => {
    document.title = found ? `${found.page.title} – Teachback` : 'Teachback';
    setMenuOpen(false);
  }, [path]);
  const Page = found?.page.component;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <span class="brand">Teachback</span>
        <button
          type="button"
          class="menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
        <nav id="nav" aria-label="Main" class={menuOpen ? 'open' : undefined}>
          <ul>
            {nav.map((p) => (
              <li key={p.id}>
                <Link to={p.path} aria-current={found?.page.id === p.id ? 'page' : undefined}>
                  {p.nav!.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who" data-testid="who">
          {me.displayName} · {me.roles.join(', ')}
        </span>
        <button type="button" class="link" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1} class="page">
        {Page && found ? (
          <Page params={found.params} />
        ) : path === '/' ? (
          nav.length === 0 ? (
            <p class="state">
              Your role has no screens in this app. Ask your administrator for the role you need.
            </p>
          ) : (
            <Loading what="your home page" />
          )
        ) : (
          <div class="state state-empty" role="status">
            <p class="state-title">This page does not exist or your role cannot open it.</p>
            <p>Use the menu above to go to a page you can use.</p>
          </div>
        )}
      </main>
    </>
  );
}
