/** The widget's request exactly as DESIGN.md's relay contract shows it: one copy for every Node test. */
export const CONTRACT_MATCH_REQUEST = {
  scope: 'matching_notp',
  phone: '+33612345678',
  identity: {
    gender: 'F',
    given_name: 'Camille',
    family_name: 'Martin',
    birthdate: '1990-04-12',
    email: 'camille.martin@example.fr',
    address: { street_address: '12 rue de la Paix', postal_code: '75002', locality: 'Paris', country: 'FR' },
  },
  return_url: 'https://shop.example/checkout?idmobile_return=1',
};
