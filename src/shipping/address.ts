/**
 * Where a parcel goes. The contract (api/openapi.yaml, ShippingAddress) bounds every field's length
 * and shape; this adds what a schema cannot say well: the country is an assigned ISO 3166-1 alpha-2
 * code. Stored (orders.shipping_address, shipments.address) and sent to carriers in the contract's
 * JSON form.
 */
import { isUnsafeText, UNSAFE_TEXT_MESSAGE } from '../shared/text.js';

export interface ShippingAddress {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
}

/** The contract's and the database's form. */
export interface ShippingAddressJson {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postal_code: string;
  country: string;
}

// Every officially assigned ISO 3166-1 alpha-2 code (249), as of 2024.
const ASSIGNED_COUNTRY_CODES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
    'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
    'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

export function isAssignedCountryCode(code: string): boolean {
  return ASSIGNED_COUNTRY_CODES.has(code);
}

const FIELD_POINTERS: Record<keyof ShippingAddress, string> = {
  name: 'name',
  line1: 'line1',
  line2: 'line2',
  city: 'city',
  postalCode: 'postal_code',
  country: 'country',
};

/**
 * What is wrong with an address the contract let through, as a message and the JSON pointer below
 * the address; undefined when a carrier can take it. A NUL or an unpaired surrogate would fail its
 * JSONB write: in an edit, inside the workflow, retried for ever.
 */
export function addressProblem(address: ShippingAddress): { message: string; pointer: string } | undefined {
  for (const [field, pointer] of Object.entries(FIELD_POINTERS) as [keyof ShippingAddress, string][]) {
    const value = address[field];
    if (value !== undefined && isUnsafeText(value)) return { message: UNSAFE_TEXT_MESSAGE, pointer: `/${pointer}` };
  }
  if (!isAssignedCountryCode(address.country))
    return { message: `is not an assigned ISO 3166-1 alpha-2 country code (${address.country})`, pointer: '/country' };
  return undefined;
}

export function addressFromJson(json: ShippingAddressJson): ShippingAddress {
  return {
    name: json.name,
    line1: json.line1,
    ...(json.line2 !== undefined ? { line2: json.line2 } : {}),
    city: json.city,
    postalCode: json.postal_code,
    country: json.country,
  };
}

export function addressToJson(address: ShippingAddress): ShippingAddressJson {
  return {
    name: address.name,
    line1: address.line1,
    ...(address.line2 !== undefined ? { line2: address.line2 } : {}),
    city: address.city,
    postal_code: address.postalCode,
    country: address.country,
  };
}
