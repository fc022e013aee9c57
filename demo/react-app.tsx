/**
 * React 19 embedding, no wrapper: React 19 sets custom-element props as properties when the element has them
 * (`identity`, `phone`, `fields`) and binds `on<event-name>` props as event listeners. Typed by the package's
 * generated `idmobile-check/react` (needs `npm run build`), as an app is.
 */
import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../src/widget/define.js'; // registers <idmobile-check> before React renders it (so props become properties)
import type { Identity } from '../src/widget/index.js';
// the JSX types of <idmobile-check> the build generates from custom-elements.json (as an app gets them)
import type {} from 'idmobile-check/react';

function App() {
  const [givenName, setGivenName] = useState('');
  const [familyName, setFamilyName] = useState('');
  const [phone, setPhone] = useState('');
  const [outcome, setOutcome] = useState<{ kind: 'none' | 'checking' | 'result' | 'error'; text: string }>({
    kind: 'none',
    text: '',
  });
  const identity = useMemo<Identity>(
    () => ({ given_name: givenName, family_name: familyName }),
    [givenName, familyName],
  );

  return (
    <main className="embed">
      <p className="eyebrow">
        <a href="/">← Demo checkout</a>
      </p>
      <h1>React 19, no wrapper</h1>
      <p>
        The inputs below are React state; the widget gets them as the <code>identity</code> and <code>phone</code>{' '}
        properties, and React listens to its events with <code>onidmobile-result</code> and friends.
      </p>
      <pre tabIndex={0}>
        <code>{`<idmobile-check
  relay-url="/api/idmobile"
  fields="given_name family_name"
  identity={{ given_name, family_name }}
  phone={phone}
  onidmobile-result={(e) => setVerdict(e.detail.verdict)}
/>`}</code>
      </pre>
      <section className="panel" aria-labelledby="react-shipping">
        <h2 id="react-shipping">Your details (React state)</h2>
        <div className="grid">
          <div className="field">
            <label htmlFor="r-given">Given name</label>
            <input
              id="r-given"
              autoComplete="given-name"
              value={givenName}
              onChange={(e) => setGivenName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="r-family">Surname</label>
            <input
              id="r-family"
              autoComplete="family-name"
              value={familyName}
              onChange={(e) => setFamilyName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="r-phone">Mobile</label>
            <input
              id="r-phone"
              type="tel"
              autoComplete="tel"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
            />
          </div>
        </div>
      </section>
      <section className="panel" aria-label="Identity check">
        <idmobile-check
          id="idcheck"
          relay-url="/api/idmobile"
          fields="given_name family_name"
          identity={identity}
          phone={phone}
          onidmobile-submit={() => setOutcome({ kind: 'checking', text: 'Checking…' })}
          onidmobile-result={(e) => setOutcome({ kind: 'result', text: `React got the verdict: ${e.detail.verdict}` })}
          onidmobile-error={(e) => setOutcome({ kind: 'error', text: `React got error ${e.detail.id}` })}
        />
        <p className="outcome" id="outcome" role="status" data-kind={outcome.kind}>
          {outcome.text}
        </p>
      </section>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
