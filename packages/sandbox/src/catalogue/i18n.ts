/**
 * Label texts of products and fields per locale. en_US is complete; nl_NL, de_DE and fr_FR translate
 * what differs. Other locales fall back by language (`nl_BE` -> `nl_NL`), then to en_US.
 */

const en = {
  cardNumber: 'Card number',
  cardNumberPlaceholder: '**** **** **** ****',
  expiryDate: 'Expiry date',
  expiryDatePlaceholder: 'MM/YY',
  cvv: 'Card verification code (CVV)',
  cvvTooltip: 'The 3 digits on the back of your card',
  cvvTooltipAmex: 'The 4 digits on the front of your card',
  cardholderName: 'Cardholder name',
  cardholderNamePlaceholder: 'John Doe',
  issuerId: 'Select your bank',
  iban: 'IBAN',
  accountHolderName: 'Account holder name',
  fiscalNumber: 'CPF/CNPJ',
  personalNumber: 'Personal identity number',
  emailAddress: 'Email address',
  dateOfBirth: 'Date of birth',
  termsAndConditions: 'I accept the terms and conditions',
  bankTransfer: 'Bank transfer',
  sepaDirectDebit: 'SEPA Direct Debit',
  cards: 'Cards',
  privacyTitle: 'Privacy policy',
  privacyBody: 'This is the privacy policy of the Connect sandbox. No personal data leaves your machine.',
  privacyProduct: 'Your payment with {product} is processed by the payment service provider.',
};

export type MessageKey = keyof typeof en;

const translations: Readonly<Record<string, Partial<Record<MessageKey, string>>>> = {
  en_US: en,
  nl_NL: {
    cardNumber: 'Kaartnummer',
    expiryDate: 'Vervaldatum',
    expiryDatePlaceholder: 'MM/JJ',
    cvv: 'Kaartverificatiecode (CVV)',
    cvvTooltip: 'De 3 cijfers op de achterkant van uw kaart',
    cvvTooltipAmex: 'De 4 cijfers op de voorkant van uw kaart',
    cardholderName: 'Naam kaarthouder',
    cardholderNamePlaceholder: 'Jan Jansen',
    issuerId: 'Kies uw bank',
    accountHolderName: 'Naam rekeninghouder',
    personalNumber: 'Burgerservicenummer',
    emailAddress: 'E-mailadres',
    dateOfBirth: 'Geboortedatum',
    termsAndConditions: 'Ik ga akkoord met de algemene voorwaarden',
    bankTransfer: 'Overboeking',
    sepaDirectDebit: 'SEPA-incasso',
    cards: 'Kaarten',
    privacyTitle: 'Privacybeleid',
    privacyBody: 'Dit is het privacybeleid van de Connect-sandbox. Er verlaten geen persoonsgegevens uw computer.',
    privacyProduct: 'Uw betaling met {product} wordt verwerkt door de betaaldienstverlener.',
  },
  de_DE: {
    cardNumber: 'Kartennummer',
    expiryDate: 'Gültig bis',
    expiryDatePlaceholder: 'MM/JJ',
    cvv: 'Kartenprüfnummer (CVV)',
    cvvTooltip: 'Die 3 Ziffern auf der Rückseite Ihrer Karte',
    cvvTooltipAmex: 'Die 4 Ziffern auf der Vorderseite Ihrer Karte',
    cardholderName: 'Name des Karteninhabers',
    cardholderNamePlaceholder: 'Max Mustermann',
    issuerId: 'Wählen Sie Ihre Bank',
    accountHolderName: 'Kontoinhaber',
    personalNumber: 'Persönliche Identifikationsnummer',
    emailAddress: 'E-Mail-Adresse',
    dateOfBirth: 'Geburtsdatum',
    termsAndConditions: 'Ich akzeptiere die AGB',
    bankTransfer: 'Banküberweisung',
    sepaDirectDebit: 'SEPA-Lastschrift',
    cards: 'Karten',
    privacyTitle: 'Datenschutzerklärung',
    privacyBody:
      'Dies ist die Datenschutzerklärung der Connect-Sandbox. Keine personenbezogenen Daten verlassen Ihren Rechner.',
    privacyProduct: 'Ihre Zahlung mit {product} wird vom Zahlungsdienstleister verarbeitet.',
  },
  fr_FR: {
    cardNumber: 'Numéro de carte',
    expiryDate: "Date d'expiration",
    expiryDatePlaceholder: 'MM/AA',
    cvv: 'Cryptogramme visuel (CVV)',
    cvvTooltip: 'Les 3 chiffres au dos de votre carte',
    cvvTooltipAmex: 'Les 4 chiffres au recto de votre carte',
    cardholderName: 'Nom du titulaire',
    cardholderNamePlaceholder: 'Jean Dupont',
    issuerId: 'Choisissez votre banque',
    accountHolderName: 'Titulaire du compte',
    emailAddress: 'Adresse e-mail',
    bankTransfer: 'Virement bancaire',
    sepaDirectDebit: 'Prélèvement SEPA',
    cards: 'Cartes',
    privacyTitle: 'Politique de confidentialité',
  },
};

/** The locale whose texts are used for `locale` (exact, then same language, then en_US). */
export function resolveLocale(locale: string | undefined): string {
  if (!locale) return 'en_US';
  if (translations[locale]) return locale;
  const language = locale.slice(0, 2);
  return Object.keys(translations).find((l) => l.startsWith(`${language}_`)) ?? 'en_US';
}

export function text(key: MessageKey, locale: string): string {
  return translations[locale]?.[key] ?? en[key];
}
