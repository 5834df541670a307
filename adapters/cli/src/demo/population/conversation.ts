/**
 * Writes one call's lines from what the agent did (its behaviour), picking a wording for each
 * step so the same behaviour reads differently from call to call.
 */
import type { SalesBehaviour, ServiceBehaviour } from './behaviour';
import { escalationScripts } from './escalations';
import * as medicare from './medicare';
import * as book from './phrasebook';
import type { Channel, Say, Speakers } from './phrasebook';
import type { Random } from './random';

export interface DemoLine {
  speaker: 'agent' | 'customer';
  text: string;
}

class Script {
  readonly lines: DemoLine[] = [];
  constructor(
    private readonly rnd: Random,
    private readonly who: Speakers,
  ) {}
  agent(options: readonly Say[]): this {
    this.lines.push({ speaker: 'agent', text: this.rnd.pick(options)(this.who) });
    return this;
  }
  customer(options: readonly Say[]): this {
    this.lines.push({ speaker: 'customer', text: this.rnd.pick(options)(this.who) });
    return this;
  }
  identity(check: ServiceBehaviour['identity']): this {
    if (check === 'verified') {
      const v = this.rnd.pick(book.verifyFully);
      return this.agent([v.ask]).customer([v.answer]).agent(book.verified);
    }
    if (check === 'partial') {
      const v = this.rnd.pick(book.verifyPartly);
      return this.agent([v.ask]).customer([v.answer]).agent(book.lookUp);
    }
    return this.agent(book.lookUp);
  }
}

function topicOf(id: string): book.Topic {
  const topic = book.topics.find((t) => t.id === id);
  if (!topic) throw new Error(`behaviour.topic: no demo topic "${id}"`);
  return topic;
}

export function writeServiceCall(
  rnd: Random,
  who: Speakers,
  channel: Channel,
  b: ServiceBehaviour,
): DemoLine[] {
  const topic = topicOf(b.topic);
  const open = book.opening[channel];
  const s = new Script(rnd, who)
    .agent(b.disclosure ? open.disclosed : open.undisclosed)
    .customer(topic.reason);
  if (b.distress) {
    const upset = rnd.pick(book.distress);
    s.customer([upset.says]).agent(b.empathy ? upset.acknowledgements : book.carryOn);
  }
  s.identity(b.identity).agent(topic.phi).customer(topic.reply);
  if (b.escalation) {
    const script = escalationScripts[b.escalation.kind];
    s.customer(script.raised);
    for (const say of rnd.pick(script[b.escalation.handling])) s.agent([say]);
    // Handled well, the routine business stops there; handled badly, the call goes on as usual.
    if (b.escalation.handling === 'well') return s.lines;
  }
  if (b.clinicalQuestion) {
    s.customer(topic.clinicalQuestion).agent(b.clinicalAdvice ? book.clinicalAdvice : book.routeToClinician);
  }
  if (b.instructions && topic.instructions && topic.sayBack) {
    s.agent(topic.instructions);
    if (b.teachBack)
      s.agent(book.teachBackAsk)
        .customer(topic.sayBack)
        .agent([() => "That's exactly right."]);
    else {
      const [check, answer] = rnd.pick(book.comprehensionCheck);
      s.agent([check]).customer([answer]);
    }
  }
  const [ask, reply, bye] = rnd.pick(book.closing);
  return s.agent([ask]).customer([reply]).agent([bye]).lines;
}

export function writeSalesCall(
  rnd: Random,
  who: Speakers,
  direction: 'inbound' | 'outbound',
  b: SalesBehaviour,
): DemoLine[] {
  const open = medicare.salesOpening[direction];
  const s = new Script(rnd, who).agent(b.disclosure ? open.disclosed : open.undisclosed).customer(open.reply);
  if (b.tpmo === 'full') s.agent(medicare.tpmoFull);
  if (b.tpmo === 'partial') s.agent(medicare.tpmoPartial);
  if (b.scopeConfirmed) s.agent(medicare.scopeConfirm).customer(medicare.scopeYes);
  s.identity(b.identity).agent(medicare.currentPlan);
  const [offer, question, answer] = rnd.pick(medicare.benefits);
  s.agent([offer]).customer([question]).agent([answer]);
  const [close, reply] = rnd.pick(medicare.salesClose);
  return s.agent([close]).customer([reply]).lines;
}
