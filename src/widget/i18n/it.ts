/**
 * The widget's Italian catalogue (`lang="it"`), written for an Italian checkout rather than translated word for
 * word: "tu", as Italian online shops and operators (TIM, Vodafone, WindTre, Iliad) speak to their customers;
 * "cellulare", "operatore", "intestatario della linea" and "consenso"; "CAP"; typographic apostrophes (’) and
 * «…» quotes. Phone groups are held together by no-break spaces. Loaded only when the page asks for Italian.
 */
import type { Messages } from '../i18n.js';

const it: Messages = {
  phone: 'Numero di cellulare',
  phoneHint: 'Il numero del tuo cellulare, ad esempio 312\u00a0345\u00a06789.',
  gender: 'Titolo',
  genderNone: '—',
  genderF: 'Sig.ra',
  genderM: 'Sig.',
  given_name: 'Nome',
  family_name: 'Cognome',
  birthdate: 'Data di nascita',
  email: 'Indirizzo email',
  address: 'Indirizzo',
  street_address: 'Via e numero civico',
  postal_code: 'CAP',
  locality: 'Città',
  country: 'Paese',
  id_document: 'Numero del documento d’identità',
  optional: 'facoltativo',
  intro:
    'Per proteggere il tuo ordine, il tuo operatore conferma che questo numero è intestato a te. Nessun dato viene conservato.',
  submit: 'Verifica la mia identità',
  submitting: 'Verifica in corso…',
  checking: 'Verifica in corso con il tuo operatore…',
  edit: 'Modifica i miei dati',
  otherNumber: 'Usa un altro numero',
  retry: 'Riprova',
  required: 'Questo campo è obbligatorio.',
  phoneEmpty: 'Inserisci il tuo numero di cellulare.',
  phoneInvalid: 'Questo numero di telefono non è valido.',
  phoneNotMobile: 'Questo non è un numero di cellulare: inserisci il numero del tuo cellulare.',
  phoneUnsupported: 'I numeri di questo Paese non sono supportati.',
  emailInvalid: 'Inserisci un indirizzo email valido, ad esempio nome@esempio.it.',
  dateInvalid: 'Inserisci una data di nascita valida.',
  tooLong: 'Massimo {max} caratteri.',
  invalidText: 'Questo testo contiene caratteri non consentiti.',
  idDocumentInvalid: 'Usa solo lettere, cifre, spazi, punti e trattini.',
  resultTitle: 'Esito della verifica',
  verdict_verified: 'Il tuo operatore ha confermato la tua identità.',
  verdict_rejected: 'I tuoi dati non corrispondono a quelli del tuo operatore.',
  verdict_inconclusive: 'Non è stato possibile confermare del tutto la tua identità.',
  nextRejected: 'La linea è intestata a un’altra persona, oppure nel contratto il tuo nome è scritto in un altro modo?',
  band_match: 'Corrisponde',
  band_partial: 'Corrisponde in parte',
  band_mismatch: 'Non corrisponde',
  band_unverified: 'Non verificabile',
  band_withheld: 'Non mostrato',
  withheldNote:
    'Per tutelare la privacy dell’intestatario della linea, gli altri dati vengono mostrati solo se i nomi corrispondono.',
  consentTitle: '{operator} ti chiede il consenso',
  consentText:
    'Per confrontare i tuoi dati (nome, indirizzo…) con quelli del tuo contratto, {operator} ti chiede il consenso sulla sua pagina. Poi tornerai qui automaticamente: il carrello e i tuoi dati restano salvati.',
  continue: 'Continua su {operator}',
  waitingTitle: 'Approva la richiesta sul tuo telefono',
  waitingText:
    '{operator} ha inviato una richiesta di conferma al telefono di questa linea: accettala per far verificare i tuoi dati.',
  timeLeft: 'Tempo residuo: {time}',
  waitingStatus: '{operator}: approva la richiesta sul tuo telefono. Tempo residuo: {time}.',
  cancel: 'Annulla',
  formIncomplete: 'Verifica la tua identità prima di continuare.',
  err_07: 'Il tuo operatore ha bisogno del tuo numero di cellulare per verificare la tua identità.',
  err_09: 'Questo numero non può essere verificato: usa un numero di cellulare francese.',
  err_10: 'Questo numero di cellulare non esiste. Controllalo.',
  err_11: 'Inserisci il tuo numero di cellulare.',
  err_12: 'Il tuo operatore non è riuscito a verificare il numero.',
  err_13: 'Non abbiamo trovato l’operatore di questo numero.',
  err_14: 'La verifica non è disponibile per l’operatore di questo numero.',
  err_15: 'La verifica non è ancora disponibile per l’operatore di questo numero.',
  err_16: 'Il tuo operatore al momento non risponde.',
  err_17: 'Il tuo operatore non offre ancora questa verifica.',
  err_18: 'Il tuo operatore non ha inviato alcuna risposta.',
  err_20: 'La verifica con il tuo operatore non è stata completata.',
  err_30: 'La sessione di verifica è scaduta.',
  err_network: 'Al momento non riusciamo a raggiungere il servizio di verifica.',
  err_timeout: 'La verifica sta richiedendo troppo tempo.',
  err_consent_url: 'Per la tua sicurezza, il reindirizzamento al tuo operatore è stato bloccato.',
  err_consent_refused:
    'Non hai dato il consenso al tuo operatore, quindi non è stato verificato nulla. I tuoi dati restano salvati: puoi richiederlo di nuovo o usare un altro numero.',
  err_R409: 'Questo consenso è già stato usato: avvia di nuovo la verifica.',
  err_R428:
    'Il tuo operatore ha bisogno del numero del tuo documento d’identità per verificare la tua identità. Inseriscilo e ripeti la verifica: l’operatore potrebbe chiederti di nuovo il consenso.',
  err_line_mismatch: 'Questo numero non è quello della linea a cui è connesso il tuo telefono.',
  nextLineMismatch:
    'Inserisci il numero di questo telefono, oppure passa dal Wi-Fi ai dati mobili e ripeti la verifica.',
  nextAgain: 'Riprova più tardi o prosegui in un altro modo.',
  consentAgain: 'Richiedi di nuovo',
  change: 'Modifica',
  checkField: 'Controlla «{field}»: non corrisponde del tutto.',
  stillChecking: 'Verifica ancora in corso…',
  err_R429: 'Troppi tentativi. Attendi un momento.',
  err_99: 'Si è verificato un errore nel servizio di verifica.',
  err_R502: 'Il servizio di verifica è temporaneamente non disponibile.',
  err_R504: 'Il servizio di verifica non risponde.',
  err_integration: 'Al momento la verifica non è disponibile su questo sito.',
  err_generic: 'Non è stato possibile completare la verifica.',
  countries:
    'FR Francia|AD Andorra|BE Belgio|DE Germania|GP Guadalupa|GF Guyana Francese|IT Italia|LU Lussemburgo|' +
    'MQ Martinica|YT Mayotte|MC Monaco|NC Nuova Caledonia|NL Paesi Bassi|PF Polinesia Francese|PT Portogallo|' +
    'GB Regno Unito|RE Riunione|BL Saint-Barthélemy|MF Saint-Martin|PM Saint-Pierre e Miquelon|ES Spagna|' +
    'CH Svizzera|WF Wallis e Futuna',
};

export default it;
