/**
 * The widget's Dutch catalogue (`lang="nl"`), written for a Dutch checkout rather than translated word for word:
 * "je", as Dutch web shops (bol, Coolblue, Albert Heijn) and providers (KPN, Odido, Vodafone) address their
 * customers today ("u" reads as a bank letter in a checkout); "provider", "mobiel nummer", "abonnementhouder"
 * and "toestemming"; "wifi" as the Taalunie writes it; ‘…’ quotes. Phone groups are held together by no-break
 * spaces. Loaded only when the page asks for Dutch.
 */
import type { Messages } from '../i18n.js';

const nl: Messages = {
  phone: 'Mobiel nummer',
  phoneHint: 'Je eigen mobiele nummer, bijvoorbeeld 06\u00a012345678.',
  gender: 'Aanhef',
  genderNone: '—',
  genderF: 'Mevrouw',
  genderM: 'De heer',
  given_name: 'Voornaam',
  family_name: 'Achternaam',
  birthdate: 'Geboortedatum',
  email: 'E-mailadres',
  address: 'Adres',
  street_address: 'Straat en huisnummer',
  postal_code: 'Postcode',
  locality: 'Plaats',
  country: 'Land',
  id_document: 'Documentnummer van je identiteitsbewijs',
  optional: 'optioneel',
  intro:
    'Ter beveiliging van je bestelling bevestigt je provider dat dit nummer op jouw naam staat. Er wordt niets opgeslagen.',
  submit: 'Identiteit controleren',
  submitting: 'Bezig met controleren…',
  checking: 'Je provider controleert je gegevens…',
  edit: 'Mijn gegevens wijzigen',
  otherNumber: 'Ander nummer gebruiken',
  retry: 'Opnieuw proberen',
  required: 'Dit veld is verplicht.',
  phoneEmpty: 'Vul je mobiele nummer in.',
  phoneInvalid: 'Dit telefoonnummer is ongeldig.',
  phoneNotMobile: 'Dit is geen mobiel nummer. Vul het nummer van je mobiele telefoon in.',
  phoneUnsupported: 'Nummers uit dit land worden niet ondersteund.',
  emailInvalid: 'Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.',
  dateInvalid: 'Vul een geldige geboortedatum in.',
  tooLong: 'Maximaal {max} tekens.',
  invalidText: 'Deze tekst bevat tekens die niet zijn toegestaan.',
  idDocumentInvalid: 'Gebruik alleen letters, cijfers, spaties, punten en streepjes.',
  resultTitle: 'Resultaat van de controle',
  verdict_verified: 'Je provider heeft je identiteit bevestigd.',
  verdict_rejected: 'Je gegevens komen niet overeen met die van je provider.',
  verdict_inconclusive: 'Je identiteit kon niet volledig worden bevestigd.',
  nextRejected: 'Staat dit abonnement op naam van iemand anders, of op je geboortenaam?',
  band_match: 'Komt overeen',
  band_partial: 'Komt deels overeen',
  band_mismatch: 'Komt niet overeen',
  band_unverified: 'Niet te controleren',
  band_withheld: 'Niet getoond',
  withheldNote:
    'Om de privacy van de abonnementhouder te beschermen, tonen we de andere gegevens alleen als de namen overeenkomen.',
  consentTitle: '{operator} vraagt om je toestemming',
  consentText:
    'Om je gegevens (naam, adres…) te vergelijken met die van je abonnement, vraagt {operator} op een eigen pagina om je toestemming. Daarna kom je vanzelf hier terug: je winkelwagen en gegevens blijven bewaard.',
  continue: 'Verder naar {operator}',
  waitingTitle: 'Keur het verzoek goed op je telefoon',
  waitingText:
    '{operator} heeft een verzoek gestuurd naar de telefoon met dit nummer. Keur het goed, dan kunnen we je gegevens controleren.',
  timeLeft: 'Resterende tijd: {time}',
  waitingStatus: '{operator}: keur het verzoek goed op je telefoon. Resterende tijd: {time}.',
  cancel: 'Annuleren',
  formIncomplete: 'Laat eerst je identiteit controleren.',
  err_07: 'Je provider heeft je mobiele nummer nodig om je identiteit te controleren.',
  err_09: 'Dit nummer kan niet worden gecontroleerd. Gebruik een Frans mobiel nummer.',
  err_10: 'Dit mobiele nummer bestaat niet. Controleer het nummer.',
  err_11: 'Vul je mobiele nummer in.',
  err_12: 'Je provider kon het nummer niet controleren.',
  err_13: 'We konden de provider van dit nummer niet vinden.',
  err_14: 'Bij de provider van dit nummer is controleren niet mogelijk.',
  err_15: 'Bij de provider van dit nummer is controleren nog niet mogelijk.',
  err_16: 'Je provider reageert op dit moment niet.',
  err_17: 'Je provider biedt deze controle nog niet aan.',
  err_18: 'Je provider heeft geen antwoord gestuurd.',
  err_20: 'De controle bij je provider is niet afgerond.',
  err_30: 'De controlesessie is verlopen.',
  err_network: 'Geen verbinding. Controleer je internetverbinding.',
  err_timeout: 'De controle duurt te lang.',
  err_bad_response: 'Onverwacht antwoord van de controledienst.',
  err_consent_url: 'Voor je veiligheid is het doorsturen naar je provider geblokkeerd.',
  err_consent_refused:
    'Je hebt je provider geen toestemming gegeven, dus er is niets gecontroleerd. Je gegevens blijven bewaard: je kunt opnieuw beginnen of een ander nummer gebruiken.',
  err_R409: 'Deze toestemming is al gebruikt. Start de controle opnieuw.',
  err_R428:
    'Je provider heeft het documentnummer van je identiteitsbewijs nodig om je identiteit te controleren. Vul het in en controleer opnieuw. Mogelijk vraagt je provider dan nog een keer om toestemming.',
  err_line_mismatch: 'Dit nummer hoort niet bij de simkaart waarmee je telefoon nu verbonden is.',
  nextLineMismatch:
    'Vul het nummer van deze telefoon in, of schakel over van wifi naar mobiele data en controleer opnieuw.',
  err_R429: 'Te veel pogingen. Wacht even.',
  err_99: 'Er ging iets mis bij de controledienst.',
  err_R502: 'De controledienst is tijdelijk niet beschikbaar.',
  err_R504: 'De controledienst reageert niet.',
  err_integration: 'Controleren is op deze website op dit moment niet mogelijk.',
  err_generic: 'De controle kon niet worden afgerond.',
};

export default nl;
