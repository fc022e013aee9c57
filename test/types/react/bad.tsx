/**
 * Type fixture (test/node/types/framework-types.spec.ts): each `@ts-expect-error` line is a mistake the generated
 * types (`idmobile-check/react`) must catch, one per element (TypeScript reports one mistake per element). As
 * written it type-checks, so `npm run typecheck` stays green and a mistake no longer caught fails it (TS2578);
 * the spec blanks the directives and expects, on each line below one, the diagnostic the directive names (a
 * handler of the wrong type is reported on its element's line, hence the JSX comment above it).
 */
import type { ErrorDetail } from 'idmobile-check';
import type {} from 'idmobile-check/react'; // the generated JSX types of <idmobile-check>

export function Checkout() {
  return (
    <>
      <idmobile-check
        relay-url="/api/idmobile"
        // @ts-expect-error TS2559: Type 'number' has no properties in common with type
        identity={42}
      />
      <idmobile-check
        // @ts-expect-error TS2322: Type 'number' is not assignable to type 'string'
        phone={33612345678}
      />
      <idmobile-check
        // @ts-expect-error TS2322: Type '"always"' is not assignable to type '"button" | "auto" | undefined'
        consent="always"
      />
      <idmobile-check
        // @ts-expect-error Property 'relayURL' does not exist on type
        relayURL="/api/idmobile"
      />
      {/* @ts-expect-error Type 'CustomEvent<ResultDetail>' is not assignable to type 'CustomEvent<ErrorDetail>' */}
      <idmobile-check onidmobile-result={(e: CustomEvent<ErrorDetail>) => console.log(e.detail.id)} />
      <idmobile-check
        // @ts-expect-error TS2339: Property 'verdict' does not exist on type 'ErrorDetail'
        onidmobile-error={(e) => console.log(e.detail.verdict)}
      />
    </>
  );
}
