/**
 * The widget's German catalogue (`lang="de"`), written for a German checkout rather than translated word for
 * word: "Sie" (German shops address their customers formally), "Mobilfunkanbieter" and "Anschlussinhaber" as
 * Telekom, Vodafone and O2 say it, "Einwilligung" for the operator's consent, "WLAN" (not "Wi-Fi"), „…“ quotes and
 * `z.\u00a0B.` / phone groups held together by no-break spaces. Loaded only when the page asks for German.
 */
import type { Messages } from '../i18n.js';

const de: Messages = {
  phone: 'Handynummer',
  phoneHint: 'Ihre eigene Handynummer, zum Beispiel 0151\u00a023456789.',
  gender: 'Anrede',
  genderNone: '—',
  genderF: 'Frau',
  genderM: 'Herr',
  given_name: 'Vorname',
  family_name: 'Nachname',
  birthdate: 'Geburtsdatum',
  email: 'E-Mail-Adresse',
  address: 'Adresse',
  street_address: 'Straße und Hausnummer',
  postal_code: 'Postleitzahl',
  locality: 'Ort',
  country: 'Land',
  id_document: 'Ausweisnummer',
  optional: 'optional',
  intro:
    'Zum Schutz Ihrer Bestellung bestätigt Ihr Mobilfunkanbieter, dass diese Nummer auf Ihren Namen läuft. Dabei werden keine Daten gespeichert.',
  submit: 'Identität bestätigen',
  submitting: 'Wird geprüft\u00a0…',
  checking: 'Ihr Mobilfunkanbieter prüft Ihre Angaben\u00a0…',
  edit: 'Angaben ändern',
  otherNumber: 'Andere Nummer verwenden',
  retry: 'Erneut versuchen',
  required: 'Bitte füllen Sie dieses Feld aus.',
  phoneEmpty: 'Bitte geben Sie Ihre Handynummer ein.',
  phoneInvalid: 'Diese Telefonnummer ist ungültig.',
  phoneNotMobile: 'Das ist keine Handynummer. Bitte geben Sie die Nummer Ihres Handys ein.',
  phoneUnsupported: 'Nummern aus diesem Land werden nicht unterstützt.',
  emailInvalid: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z.\u00a0B. name@beispiel.de.',
  dateInvalid: 'Bitte geben Sie ein gültiges Geburtsdatum ein.',
  tooLong: 'Höchstens {max} Zeichen.',
  invalidText: 'Dieser Text enthält unzulässige Zeichen.',
  idDocumentInvalid: 'Bitte nur Buchstaben, Ziffern, Leerzeichen, Punkte und Bindestriche verwenden.',
  resultTitle: 'Ergebnis der Prüfung',
  verdict_verified: 'Ihr Mobilfunkanbieter hat Ihre Identität bestätigt.',
  verdict_rejected: 'Ihre Angaben stimmen nicht mit den Daten Ihres Mobilfunkanbieters überein.',
  verdict_inconclusive: 'Ihre Identität konnte nicht vollständig bestätigt werden.',
  nextRejected: 'Läuft der Anschluss auf eine andere Person oder noch auf Ihren Geburtsnamen?',
  band_match: 'Stimmt überein',
  band_partial: 'Stimmt teilweise überein',
  band_mismatch: 'Stimmt nicht überein',
  band_unverified: 'Nicht prüfbar',
  band_withheld: 'Nicht angezeigt',
  withheldNote:
    'Zum Schutz der Privatsphäre des Anschlussinhabers zeigen wir die übrigen Angaben nur, wenn die Namen übereinstimmen.',
  consentTitle: '{operator} bittet um Ihre Einwilligung',
  consentText:
    'Um Ihre Angaben (Name, Adresse …) mit Ihren Vertragsdaten abzugleichen, bittet {operator} auf einer eigenen Seite um Ihre Einwilligung. Danach kommen Sie automatisch hierher zurück – Ihr Warenkorb und Ihre Angaben bleiben erhalten.',
  continue: 'Weiter zu {operator}',
  waitingTitle: 'Bestätigen Sie die Anfrage auf Ihrem Handy',
  waitingText:
    '{operator} hat eine Anfrage an das Handy mit dieser Nummer geschickt. Bestätigen Sie sie dort, damit Ihre Angaben geprüft werden können.',
  timeLeft: 'Verbleibende Zeit: {time}',
  waitingStatus: '{operator}: Bitte bestätigen Sie die Anfrage auf Ihrem Handy. Verbleibende Zeit: {time}.',
  cancel: 'Abbrechen',
  formIncomplete: 'Bitte bestätigen Sie zuerst Ihre Identität.',
  err_07: 'Ihr Mobilfunkanbieter benötigt Ihre Handynummer, um Ihre Identität zu prüfen.',
  err_09: 'Diese Nummer kann nicht geprüft werden. Bitte verwenden Sie eine französische Handynummer.',
  err_10: 'Diese Handynummer gibt es nicht. Bitte prüfen Sie sie.',
  err_11: 'Bitte geben Sie Ihre Handynummer ein.',
  err_12: 'Ihr Mobilfunkanbieter konnte die Nummer nicht prüfen.',
  err_13: 'Wir konnten den Mobilfunkanbieter dieser Nummer nicht ermitteln.',
  err_14: 'Beim Mobilfunkanbieter dieser Nummer ist die Prüfung nicht möglich.',
  err_15: 'Beim Mobilfunkanbieter dieser Nummer ist die Prüfung noch nicht möglich.',
  err_16: 'Ihr Mobilfunkanbieter antwortet gerade nicht.',
  err_17: 'Ihr Mobilfunkanbieter bietet diese Prüfung noch nicht an.',
  err_18: 'Ihr Mobilfunkanbieter hat keine Antwort geschickt.',
  err_20: 'Die Prüfung bei Ihrem Mobilfunkanbieter wurde nicht abgeschlossen.',
  err_30: 'Die Sitzung für die Prüfung ist abgelaufen.',
  err_network: 'Wir erreichen den Prüfdienst gerade nicht.',
  err_timeout: 'Die Prüfung dauert zu lange.',
  err_consent_url: 'Die Weiterleitung zu Ihrem Mobilfunkanbieter wurde zu Ihrer Sicherheit blockiert.',
  err_consent_refused:
    'Sie haben Ihrem Mobilfunkanbieter keine Einwilligung gegeben, daher wurde nichts geprüft. Ihre Angaben bleiben erhalten: Sie können erneut anfragen oder eine andere Nummer verwenden.',
  err_R409: 'Diese Einwilligung wurde bereits verwendet. Bitte starten Sie die Prüfung neu.',
  err_R428:
    'Ihr Mobilfunkanbieter benötigt Ihre Ausweisnummer, um Ihre Identität zu prüfen. Geben Sie sie ein und starten Sie die Prüfung erneut. Eventuell bittet Ihr Anbieter Sie dann noch einmal um Ihre Einwilligung.',
  err_line_mismatch: 'Ihr Handy ist gerade nicht über diese Nummer mit dem Mobilfunknetz verbunden.',
  nextLineMismatch:
    'Geben Sie die Nummer dieses Handys ein, oder schalten Sie von WLAN auf mobile Daten um und prüfen Sie erneut.',
  nextAgain: 'Versuchen Sie es später noch einmal oder fahren Sie anders fort.',
  consentAgain: 'Erneut anfragen',
  change: 'Ändern',
  checkField: 'Bitte prüfen Sie „{field}“: Die Angabe stimmt nicht ganz.',
  stillChecking: 'Die Prüfung läuft noch\u00a0…',
  err_R429: 'Zu viele Versuche. Bitte warten Sie einen Moment.',
  err_99: 'Beim Prüfdienst ist ein Fehler aufgetreten.',
  err_R502: 'Der Prüfdienst ist vorübergehend nicht erreichbar.',
  err_R504: 'Der Prüfdienst antwortet nicht.',
  err_integration: 'Die Prüfung ist auf dieser Website derzeit nicht verfügbar.',
  err_generic: 'Die Prüfung konnte nicht abgeschlossen werden.',
  countries:
    'FR Frankreich|AD Andorra|BE Belgien|DE Deutschland|GF Französisch-Guayana|PF Französisch-Polynesien|' +
    'GP Guadeloupe|IT Italien|LU Luxemburg|MQ Martinique|YT Mayotte|MC Monaco|NC Neukaledonien|NL Niederlande|' +
    'PT Portugal|RE Réunion|BL Saint-Barthélemy|MF Saint-Martin|PM Saint-Pierre und Miquelon|CH Schweiz|' +
    'ES Spanien|GB Vereinigtes Königreich|WF Wallis und Futuna',
};

export default de;
