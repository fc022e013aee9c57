/**
 * The identity fields the product knows, and the field paths used everywhere: in the widget's inputs
 * (`name`), its gauges (`data-field`), the scores shape and the relay's policy.
 */

/** Top-level identity fields, in display order. `address` stands for its four parts. */
export const IDENTITY_FIELDS = ['gender', 'given_name', 'family_name', 'birthdate', 'email', 'address'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

/** The four parts of `address`, in display order. */
export const ADDRESS_PARTS = ['street_address', 'postal_code', 'locality', 'country'] as const;
export type AddressPart = (typeof ADDRESS_PARTS)[number];

/** A scored leaf: a top-level field other than `address`, or `address.<part>`. */
export type FieldPath = Exclude<IdentityField, 'address'> | `address.${AddressPart}`;

/** Every scored leaf, in display order. */
export const FIELD_PATHS: readonly FieldPath[] = IDENTITY_FIELDS.flatMap((f) =>
  f === 'address' ? ADDRESS_PARTS.map((p) => `address.${p}` as const) : [f],
);

/** Fields the operator compares exactly (equal or not): shown as a check or a cross, never as a percentage. */
export const EXACT_PATHS: readonly FieldPath[] = ['gender', 'birthdate', 'address.postal_code', 'address.country'];

/** Default `required` list of the widget and of the relay's verdict policy. */
export const DEFAULT_REQUIRED: readonly IdentityField[] = ['given_name', 'family_name'];

export function isIdentityField(value: string): value is IdentityField {
  return (IDENTITY_FIELDS as readonly string[]).includes(value);
}

/** Expands identity fields into scored leaves (`address` gives its four parts). */
export function expandFields(fields: Iterable<IdentityField>): FieldPath[] {
  const wanted = new Set(fields);
  return FIELD_PATHS.filter((path) => wanted.has(path.startsWith('address.') ? 'address' : (path as IdentityField)));
}

/**
 * Parses a space-separated field list (`fields`, `required` attributes, relay configuration).
 * Unknown names are reported, not thrown: the caller decides whether to warn or refuse.
 */
export function parseFieldList(
  value: string | null | undefined,
  fallback: readonly IdentityField[],
): { fields: IdentityField[]; unknown: string[] } {
  if (value == null) return { fields: [...fallback], unknown: [] };
  const tokens = value.split(/[\s,]+/).filter(Boolean);
  // known fields once each, in display order whatever order the attribute used; unknown ones as written
  return {
    fields: IDENTITY_FIELDS.filter((f) => tokens.includes(f)),
    unknown: tokens.filter((t) => !isIdentityField(t)),
  };
}
