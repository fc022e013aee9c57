/**
 * The demo's operator flows: which operator API and token flow the in-process relay speaks to the simulator. One
 * dev server demos them all: `IDMOBILE_UPSTREAM` picks the default (served at `/api/idmobile` and `/simulator`), a
 * checkout page's `?upstream=<flow>` picks another one, mounted under `/flows/<flow>/` (its own relay and simulator:
 * a CIBA request lives in the simulator that received it). Pure: the browser's drawer reads it too.
 */

/** The demo's flows, by the name `IDMOBILE_UPSTREAM` and `?upstream=` take (`camara` means `camara-ciba`). */
export const DEMO_UPSTREAMS = {
  dqe: { upstream: 'dqe', label: 'DQE IDMobile' },
  'camara-ciba': { upstream: 'camara', camaraAuth: 'ciba', label: 'CAMARA KYC Match, CIBA (approve on the phone)' },
  'camara-code': {
    upstream: 'camara',
    camaraAuth: 'authorization_code',
    label: 'CAMARA KYC Match, authorization code (the operator’s page)',
  },
  'camara-basic': {
    upstream: 'camara',
    camaraAuth: 'client_credentials',
    label: 'CAMARA KYC Match, client_credentials (a sandbox’s two-legged token)',
  },
} as const satisfies Record<
  string,
  { upstream: 'dqe' | 'camara'; camaraAuth?: 'ciba' | 'authorization_code' | 'client_credentials'; label: string }
>;
export type DemoUpstream = keyof typeof DEMO_UPSTREAMS;

/** The flows in the drawer's order. */
export const DEMO_UPSTREAM_NAMES = Object.keys(DEMO_UPSTREAMS) as DemoUpstream[];

/**
 * A flow's name from an untrusted value (`IDMOBILE_UPSTREAM`, `?upstream=`): empty means `fallback`; anything else
 * unknown throws, the message naming `source` and the accepted values.
 */
export function demoUpstream(
  value: string | null | undefined,
  source = 'IDMOBILE_UPSTREAM',
  fallback: DemoUpstream = 'dqe',
): DemoUpstream {
  const v = (value ?? '').trim();
  if (v === '') return fallback;
  if (v === 'camara') return 'camara-ciba';
  if (Object.hasOwn(DEMO_UPSTREAMS, v)) return v as DemoUpstream;
  throw new Error(`${source} must be one of ${DEMO_UPSTREAM_NAMES.join(', ')} (got ${JSON.stringify(v.slice(0, 20))})`);
}

/** Where a flow's relay and simulator are mounted: the default flow at the root, the others under `/flows/<flow>`. */
export function flowBase(flow: DemoUpstream, defaultFlow: DemoUpstream): string {
  return flow === defaultFlow ? '' : `/flows/${flow}`;
}

/** The CAMARA token flow a demo flow uses, `null` for DQE. */
export function camaraFlowOf(flow: DemoUpstream): 'ciba' | 'authorization_code' | 'client_credentials' | null {
  const f = DEMO_UPSTREAMS[flow];
  return 'camaraAuth' in f ? f.camaraAuth : null;
}
