/** A short, stable digest of a canonical request text (SHA-256 in production). */
export type Fingerprint = (canonical: string) => string;
