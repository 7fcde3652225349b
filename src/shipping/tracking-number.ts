/**
 * Tracking numbers are made by PostgreSQL (the generated column shipments.tracking_number, see
 * migrations/0006): "LP", the shipment id in ten digits, and two ISO 7064 MOD 97-10 check digits,
 * e.g. LP000000004235. This checks one, for whoever reads them back (a customer typing one in).
 */
const FORMAT = /^LP(\d{10,})(\d{2})$/;

export function isValidTrackingNumber(text: string): boolean {
  const match = FORMAT.exec(text);
  if (!match) return false;
  const [, id, check] = match as unknown as [string, string, string];
  // The digits followed by their check digits leave remainder 1 modulo 97, as in an IBAN.
  return (BigInt(id) * 100n + BigInt(check)) % 97n === 1n;
}
