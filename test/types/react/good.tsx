/**
 * Type fixture (test/node/types/framework-types.spec.ts): what a React 19 app may write with the generated types
 * (`idmobile-check/react`). Must type-check without an error.
 */
import { useState } from 'react';
import type { Identity, Verdict } from 'idmobile-check';
import type {} from 'idmobile-check/react'; // the generated JSX types of <idmobile-check>

export function Checkout({ identity }: { identity: Identity }) {
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  return (
    <form>
      <idmobile-check
        relay-url="/api/idmobile"
        fields="given_name family_name"
        submit-with-form
        match-threshold={0.8}
        consent="button"
        identity={identity}
        phone="+33612345678"
        timeout={10_000}
        messages={{ submit: 'Check' }}
        onidmobile-submit={(e) => console.log(e.detail.request.phone)}
        onidmobile-result={(e) => setVerdict(e.detail.verdict)}
        onidmobile-error={(e) => console.log(e.detail.id, e.detail.retryable)}
        onidmobile-consent={(e) => console.log(e.detail.url)}
        onidmobile-pending={(e) => console.log(e.detail.expiresIn)}
        onidmobile-restore={(e) => console.log(e.detail.identity, e.detail.phone)}
        onidmobile-reset={(e) => console.log(e.detail.reason === 'reset')}
      >
        <a slot="privacy" href="/privacy">
          Privacy
        </a>
      </idmobile-check>
      <output>{verdict}</output>
    </form>
  );
}
