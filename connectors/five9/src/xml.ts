import { XMLParser } from 'fast-xml-parser';
import { FIVE9_NAMESPACE, SOAP_ENV_NAMESPACE } from './manifest';

/**
 * A request body as an ordered list of children. Order is the WSDL `xs:sequence` order: Five9's
 * JAXB binding is order-sensitive, so envelopes are built from arrays, never from object keys.
 */
export type XmlValue = string | number | boolean | XmlNode[] | undefined | null;
export type XmlNode = readonly [name: string, value: XmlValue];

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function renderNodes(nodes: readonly XmlNode[]): string {
  let out = '';
  for (const [name, value] of nodes) {
    // minOccurs=0 fields that we do not set are left out rather than sent empty.
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) out += `<${name}>${renderNodes(value)}</${name}>`;
    else out += `<${name}>${escapeXml(String(value))}</${name}>`;
  }
  return out;
}

/** Wraps an operation's children in a document/literal SOAP 1.1 envelope. */
export function soapEnvelope(operation: string, children: readonly XmlNode[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NAMESPACE}" xmlns:ser="${FIVE9_NAMESPACE}">` +
    '<soapenv:Header/><soapenv:Body>' +
    `<ser:${operation}>${renderNodes(children)}</ser:${operation}>` +
    '</soapenv:Body></soapenv:Envelope>'
  );
}

/** Elements that are `maxOccurs="unbounded"` in the responses we read: always arrays. */
const ALWAYS_ARRAYS = new Set(['return', 'records', 'data', 'callCounterStates', 'values', 'fields']);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  // Values stay strings: CALL IDs and phone numbers must never be coerced to numbers.
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => ALWAYS_ARRAYS.has(name),
});

export function parseXml(xml: string): Record<string, unknown> {
  return parser.parse(xml) as Record<string, unknown>;
}
