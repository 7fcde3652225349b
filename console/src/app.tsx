import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { createApi } from './api.js';
import { Console, type ConsoleSettings } from './context.js';
import { OrderPage } from './pages/order.js';
import { OrdersPage } from './pages/orders.js';
import { RefundsOwedPage } from './pages/refunds-owed.js';
import { ReviewPage } from './pages/review.js';
import { SignInPage } from './pages/sign-in.js';
import { StockPage } from './pages/stock.js';
import { WebhooksPage } from './pages/webhooks.js';
import { followLink, href, type Location, navigate, useLocation } from './router.js';
import { forgetToken, isStaff, loadSession, saveToken, type Session } from './session.js';

const PAGES: { path: string; label: string; staffOnly: boolean }[] = [
  { path: '/orders', label: 'Orders', staffOnly: false },
  { path: '/review', label: 'Review queue', staffOnly: true },
  { path: '/refunds-owed', label: 'Refunds owed', staffOnly: true },
  { path: '/stock', label: 'Stock', staffOnly: true },
  { path: '/webhooks', label: 'Webhooks', staffOnly: true },
];

export function App({ settings }: { settings: ConsoleSettings }) {
  const location = useLocation();
  const [session, setSession] = useState<Session>(loadSession);
  const [signIn, setSignIn] = useState<'no' | 'asked' | 'rejected'>('no');
  const api = useMemo(() => createApi(() => session.token), [session]);
  const unauthorized = useCallback(() => setSignIn(session.token ? 'rejected' : 'asked'), [session]);
  const context = useMemo(() => ({ api, session, settings, unauthorized }), [api, session, settings, unauthorized]);

  useEffect(() => {
    if (location.path === '/') navigate('/orders', undefined, { replace: true });
  }, [location.path]);

  const signOut = () => {
    forgetToken();
    setSession(loadSession());
    setSignIn('asked');
  };
  const acceptToken = (token: string) => {
    setSession(saveToken(token));
    setSignIn('no');
  };

  return (
    <Console.Provider value={context}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header onClick={followLink}>
        <nav aria-label="Console">
          <span class="brand">Orders console</span>
          <ul>
            {PAGES.filter((page) => !page.staffOnly || isStaff(session)).map((page) => (
              <li>
                <a href={href(page.path)} aria-current={location.path.startsWith(page.path) ? 'page' : undefined}>
                  {page.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <p class="who">
          {session.source === 'development' ? 'Development operator (no token)' : `${session.role}${session.customerId ? ` ${session.customerId}` : ''}`}
          {session.token ? (
            <button type="button" class="link" onClick={signOut}>
              Sign out
            </button>
          ) : (
            signIn === 'no' && (
              <button type="button" class="link" onClick={() => setSignIn('asked')}>
                Use a token
              </button>
            )
          )}
        </p>
      </header>
      <main id="main" onClick={followLink}>
        {signIn !== 'no' ? <SignInPage onToken={acceptToken} rejected={signIn === 'rejected'} /> : <Page location={location} session={session} />}
      </main>
    </Console.Provider>
  );
}

function Page({ location, session }: { location: Location; session: Session }) {
  const order = /^\/orders\/(\d{1,16})$/.exec(location.path);
  if (order) return <OrderPage key={order[1]} id={Number(order[1])} />;
  if (location.path === '/orders') return <OrdersPage location={location} />;
  if (location.path === '/review' && isStaff(session)) return <ReviewPage />;
  if (location.path === '/refunds-owed' && isStaff(session)) return <RefundsOwedPage />;
  if (location.path === '/stock' && isStaff(session)) return <StockPage location={location} />;
  if (location.path === '/webhooks' && isStaff(session)) return <WebhooksPage location={location} />;
  if (location.path === '/') return null;
  return (
    <>
      <h1>Not found</h1>
      <p>
        There is no page {location.path}. <a href={href('/orders')}>Go to the orders</a>.
      </p>
    </>
  );
}
