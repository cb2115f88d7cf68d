import type { ShippingAddressProps } from '../../domain/shipping-address';

/**
 * The shipping address a customer gave at sign-up, from Cognito's standard `address` attribute (an OpenID Connect
 * address claim: JSON with street_address, locality, region, postal_code, country). `street_address` may hold two
 * lines separated by a newline. Returns undefined when there is no usable address; the domain validates the rest.
 */
export function addressFromCognito(attribute: string | undefined, recipient: string): ShippingAddressProps | undefined {
  if (attribute === undefined || attribute.trim() === '') return undefined;
  let claim: unknown;
  try {
    claim = JSON.parse(attribute);
  } catch {
    return undefined;
  }
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) return undefined;
  const field = (name: string): string | undefined => {
    const value = (claim as Record<string, unknown>)[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const [line1, ...rest] = (field('street_address') ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const city = field('locality');
  const postcode = field('postal_code');
  const country = field('country');
  if (line1 === undefined || city === undefined || postcode === undefined || country === undefined) return undefined;
  const line2 = rest.join(', ');
  const region = field('region');
  return {
    name: recipient,
    line1,
    ...(line2 === '' ? {} : { line2 }),
    city,
    ...(region === undefined ? {} : { region }),
    postcode,
    country: country.toUpperCase(),
  };
}
