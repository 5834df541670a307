import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/**
 * Checks SOAP bodies against the real Five9 v13 WSDL schema: element names, `xs:sequence` order,
 * required elements, repeat counts and simple-type values (long, boolean, dateTime, enums).
 * Used by the connector's envelope tests and the simulator's response tests, so both sides of the
 * wire are held to the same contract. The WSDL lives in ../shared (never copied into the repo).
 */
export function defaultWsdlPath(): string {
  // repo root is three levels up from test/simulators/five9; shared/ sits beside the repo.
  const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
  return path.resolve(repoRoot, '..', 'shared', 'platforms', 'five9', 'config_webservices_v13.wsdl');
}

interface Particle {
  name: string;
  type: string;
  min: number;
  max: number;
}

interface ComplexType {
  base?: string;
  particles: Particle[];
}

type Node = Record<string, unknown>;
type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const local = (qname: string): string => qname.slice(qname.indexOf(':') + 1);

function arr<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export class WsdlContract {
  private readonly complexTypes = new Map<string, ComplexType>();
  private readonly enums = new Map<string, Set<string>>();
  private readonly elements = new Map<string, string>();

  constructor(wsdlText: string) {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '@',
      removeNSPrefix: true,
      isArray: (name) => ['element', 'complexType', 'simpleType', 'enumeration', 'schema'].includes(name),
    });
    const doc = parser.parse(wsdlText) as Node;
    const schemas = arr(((doc['definitions'] as Node)['types'] as Node)['schema'] as Node[]);
    for (const schema of schemas) {
      for (const el of arr(schema['element'] as Node[])) {
        this.elements.set(String(el['@name']), local(String(el['@type'])));
      }
      for (const ct of arr(schema['complexType'] as Node[])) this.addComplex(ct);
      for (const st of arr(schema['simpleType'] as Node[])) {
        const values = arr((st['restriction'] as Node | undefined)?.['enumeration'] as Node[]).map((e) =>
          String(e['@value']),
        );
        this.enums.set(String(st['@name']), new Set(values));
      }
    }
  }

  /** `file`: another copy of the WSDL (tests pass FIVE9_WSDL); default {@link defaultWsdlPath}. */
  static load(file?: string): WsdlContract {
    return new WsdlContract(readFileSync(file || defaultWsdlPath(), 'utf8'));
  }

  private addComplex(ct: Node): void {
    const name = String(ct['@name']);
    const ext = (ct['complexContent'] as Node | undefined)?.['extension'] as Node | undefined;
    const seq = ((ext ?? ct)['sequence'] ?? {}) as Node;
    const particles = arr(seq['element'] as Node[]).map((e) => ({
      name: String(e['@name']),
      type: String(e['@type']),
      min: e['@minOccurs'] === undefined ? 1 : Number(e['@minOccurs']),
      max:
        e['@maxOccurs'] === 'unbounded'
          ? Infinity
          : e['@maxOccurs'] === undefined
            ? 1
            : Number(e['@maxOccurs']),
    }));
    const entry: ComplexType = { particles };
    if (ext) entry.base = local(String(ext['@base']));
    this.complexTypes.set(name, entry);
  }

  hasElement(name: string): boolean {
    return this.elements.has(name);
  }

  /** The full particle sequence of a type, base-type particles first (XSD extension semantics). */
  sequenceOf(typeName: string): Particle[] {
    const ct = this.complexTypes.get(typeName);
    if (!ct) return [];
    return [...(ct.base ? this.sequenceOf(ct.base) : []), ...ct.particles];
  }

  /**
   * Validates a SOAP envelope whose Body holds one global element (a request, a response, or a
   * Fault whose detail holds one). Returns the problems found; empty means valid.
   */
  validateEnvelope(xml: string): string[] {
    const parser = new XMLParser({
      preserveOrder: true,
      removeNSPrefix: true,
      parseTagValue: false,
      ignoreAttributes: true,
    });
    const doc = parser.parse(xml) as OrderedNode[];
    const envelope = findChild(doc, 'Envelope');
    const body = envelope && findChild(children(envelope), 'Body');
    if (!body) return ['no soap Body'];
    const payload = children(body).filter((n) => tagOf(n) !== '#text');
    if (payload.length !== 1) return [`Body must hold exactly one element, has ${payload.length}`];
    let root = payload[0]!;
    if (tagOf(root) === 'Fault') {
      const detail = findChild(children(root), 'detail');
      const inner = detail ? children(detail).filter((n) => tagOf(n) !== '#text') : [];
      if (inner.length !== 1) return ['Fault detail must hold exactly one fault element'];
      root = inner[0]!;
    }
    const name = tagOf(root);
    const type = this.elements.get(name);
    if (!type) return [`${name} is not a global element of the WSDL`];
    const problems: string[] = [];
    this.validateNode(root, type, name, problems);
    return problems;
  }

  private validateNode(node: OrderedNode, typeName: string, where: string, problems: string[]): void {
    const seq = this.sequenceOf(typeName);
    const kids = children(node).filter((n) => tagOf(n) !== '#text');
    let cursor = 0;
    const counts = new Map<string, number>();
    for (const kid of kids) {
      const name = tagOf(kid);
      const idx = seq.findIndex((p) => p.name === name);
      if (idx < 0) {
        problems.push(`${where}: unexpected element <${name}>`);
        continue;
      }
      if (idx < cursor) problems.push(`${where}: <${name}> is out of WSDL sequence order`);
      cursor = Math.max(cursor, idx);
      counts.set(name, (counts.get(name) ?? 0) + 1);
      const p = seq[idx]!;
      this.validateValue(kid, p.type, `${where}.${name}`, problems);
    }
    for (const p of seq) {
      const c = counts.get(p.name) ?? 0;
      if (c < p.min) problems.push(`${where}: required <${p.name}> is missing`);
      if (c > p.max) problems.push(`${where}: <${p.name}> occurs ${c} times, at most ${p.max} allowed`);
    }
  }

  private validateValue(node: OrderedNode, qtype: string, where: string, problems: string[]): void {
    const type = local(qtype);
    if (qtype.startsWith('xs:') || qtype.startsWith('xsd:')) {
      const text = textOf(node);
      const checks: Record<string, RegExp> = {
        long: /^-?\d+$/,
        int: /^-?\d+$/,
        boolean: /^(true|false|1|0)$/,
        dateTime: /^-?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/,
      };
      const re = checks[type];
      if (re && !re.test(text)) problems.push(`${where}: "${text}" is not a valid xs:${type}`);
      return;
    }
    const allowed = this.enums.get(type);
    if (allowed) {
      if (!allowed.has(textOf(node))) problems.push(`${where}: "${textOf(node)}" is not a ${type} value`);
      return;
    }
    if (this.complexTypes.has(type)) this.validateNode(node, type, where, problems);
  }
}

function tagOf(n: OrderedNode): string {
  return Object.keys(n).find((k) => k !== ':@') ?? '';
}
function children(n: OrderedNode): OrderedNode[] {
  const v = n[tagOf(n)];
  return Array.isArray(v) ? (v as OrderedNode[]) : [];
}
function findChild(list: OrderedNode[], name: string): OrderedNode | undefined {
  return list.find((n) => tagOf(n) === name);
}
function textOf(n: OrderedNode): string {
  return children(n)
    .map((c) => (typeof c['#text'] === 'string' || typeof c['#text'] === 'number' ? String(c['#text']) : ''))
    .join('');
}
