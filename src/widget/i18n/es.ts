/**
 * The widget's Spanish catalogue (`lang="es"`), written for a checkout in Spain rather than translated word for
 * word: "tú", as Spanish online shops and operators (Movistar, Vodafone, Orange) speak to their customers;
 * "móvil", "operador", "titular de la línea" and "consentimiento"; opening ¿ and ¡; «…» quotes; "wifi" as the
 * RAE writes it; the documents a Spanish line is registered with (DNI, NIE or passport). Phone groups are held
 * together by no-break spaces. Loaded only when the page asks for Spanish.
 */
import type { Messages } from '../i18n.js';

const es: Messages = {
  phone: 'Número de móvil',
  phoneHint: 'Tu número de móvil, por ejemplo, 612\u00a034\u00a056\u00a078.',
  gender: 'Tratamiento',
  genderNone: '—',
  genderF: 'Sra.',
  genderM: 'Sr.',
  given_name: 'Nombre',
  family_name: 'Apellidos',
  birthdate: 'Fecha de nacimiento',
  email: 'Correo electrónico',
  address: 'Dirección',
  street_address: 'Calle y número',
  postal_code: 'Código postal',
  locality: 'Localidad',
  country: 'País',
  id_document: 'Número de DNI, NIE o pasaporte',
  optional: 'opcional',
  intro: 'Para proteger tu pedido, tu operador confirma que este número está a tu nombre. No se guarda ningún dato.',
  submit: 'Verificar mi identidad',
  submitting: 'Verificando…',
  checking: 'Comprobando tus datos con tu operador…',
  edit: 'Modificar mis datos',
  otherNumber: 'Usar otro número',
  retry: 'Reintentar',
  required: 'Este campo es obligatorio.',
  phoneEmpty: 'Introduce tu número de móvil.',
  phoneInvalid: 'Este número de teléfono no es válido.',
  phoneNotMobile: 'Este número no es de móvil: introduce el número de tu móvil.',
  phoneUnsupported: 'No se admiten números de este país.',
  emailInvalid: 'Introduce un correo electrónico válido, por ejemplo, nombre@ejemplo.es.',
  dateInvalid: 'Introduce una fecha de nacimiento válida.',
  tooLong: 'Máximo {max} caracteres.',
  invalidText: 'Este texto contiene caracteres no permitidos.',
  idDocumentInvalid: 'Usa solo letras, números, espacios, puntos y guiones.',
  resultTitle: 'Resultado de la verificación',
  verdict_verified: 'Tu operador ha confirmado tu identidad.',
  verdict_rejected: 'Tus datos no coinciden con los que tiene tu operador.',
  verdict_inconclusive: 'No se ha podido confirmar tu identidad por completo.',
  nextRejected: '¿La línea está a nombre de otra persona o tus apellidos figuran de otra forma en el contrato?',
  band_match: 'Coincide',
  band_partial: 'Coincide en parte',
  band_mismatch: 'No coincide',
  band_unverified: 'No verificable',
  band_withheld: 'No se muestra',
  withheldNote:
    'Para proteger la privacidad del titular de la línea, el resto de datos solo se muestra si los nombres coinciden.',
  consentTitle: '{operator} te pide tu consentimiento',
  consentText:
    'Para comparar tus datos (nombre, dirección…) con los de tu contrato, {operator} te pide tu consentimiento en su propia página. Después volverás aquí automáticamente: tu cesta y tus datos se conservan.',
  continue: 'Ir a {operator}',
  waitingTitle: 'Acepta la solicitud en tu móvil',
  waitingText:
    '{operator} ha enviado una solicitud al móvil de esta línea: acéptala para que podamos comprobar tus datos.',
  timeLeft: 'Tiempo restante: {time}',
  waitingStatus: '{operator}: acepta la solicitud en tu móvil. Tiempo restante: {time}.',
  cancel: 'Cancelar',
  formIncomplete: 'Verifica tu identidad antes de continuar.',
  err_07: 'Tu operador necesita tu número de móvil para verificar tu identidad.',
  err_09: 'Este número no se puede verificar: usa un número de móvil francés.',
  err_10: 'Este número de móvil no existe. Revísalo.',
  err_11: 'Introduce tu número de móvil.',
  err_12: 'Tu operador no ha podido comprobar el número.',
  err_13: 'No hemos encontrado el operador de este número.',
  err_14: 'La verificación no está disponible para el operador de este número.',
  err_15: 'La verificación todavía no está disponible para el operador de este número.',
  err_16: 'Tu operador no responde en este momento.',
  err_17: 'Tu operador todavía no ofrece esta verificación.',
  err_18: 'Tu operador no ha enviado ninguna respuesta.',
  err_20: 'La verificación con tu operador no se ha completado.',
  err_30: 'La sesión de verificación ha caducado.',
  err_network: 'Ahora mismo no podemos conectar con el servicio de verificación.',
  err_timeout: 'La verificación está tardando demasiado.',
  err_consent_url: 'Por tu seguridad, se ha bloqueado la redirección a tu operador.',
  err_consent_refused:
    'No has dado tu consentimiento a tu operador, así que no se ha comprobado nada. Tus datos se conservan: puedes volver a pedirlo o usar otro número.',
  err_R409: 'Este consentimiento ya se ha usado: vuelve a iniciar la verificación.',
  err_R428:
    'Tu operador necesita el número de tu DNI, NIE o pasaporte para verificar tu identidad. Introdúcelo y vuelve a verificar: puede que tu operador te pida otra vez tu consentimiento.',
  err_line_mismatch: 'Este número no es el de la línea con la que está conectado tu móvil.',
  nextLineMismatch: 'Escribe el número de este móvil o cambia de wifi a datos móviles y vuelve a verificar.',
  nextAgain: 'Inténtalo más tarde o continúa de otra forma.',
  consentAgain: 'Volver a pedirlo',
  change: 'Cambiar',
  checkField: 'Revisa «{field}»: no coincide del todo.',
  stillChecking: 'Seguimos comprobando…',
  err_R429: 'Demasiados intentos. Espera un momento.',
  err_99: 'Se ha producido un error en el servicio de verificación.',
  err_R502: 'El servicio de verificación no está disponible temporalmente.',
  err_R504: 'El servicio de verificación no responde.',
  err_integration: 'La verificación no está disponible en esta web en este momento.',
  err_generic: 'No se ha podido completar la verificación.',
  countries:
    'FR Francia|DE Alemania|AD Andorra|BE Bélgica|ES España|GP Guadalupe|GF Guayana Francesa|IT Italia|' +
    'LU Luxemburgo|MQ Martinica|YT Mayotte|MC Mónaco|NC Nueva Caledonia|NL Países Bajos|PF Polinesia Francesa|' +
    'PT Portugal|GB Reino Unido|RE Reunión|BL San Bartolomé|MF San Martín|PM San Pedro y Miquelón|CH Suiza|' +
    'WF Wallis y Futuna',
};

export default es;
