import type { EscalationType } from '../model/escalation';
import type { HistoryRule } from './context';

/**
 * The cue table for medical emergencies and mental-health crises. Patterns run on normalised
 * text (see text.ts). In the source a space means "one or more spaces or commas" and `{name}`
 * expands to the macros below, so ASR spellings ("cant", "im", "gonna") are covered once.
 */
const MACROS: Readonly<Record<string, string>> = {
  cant: "(?:can't|cant|cannot|can not|couldn't|couldnt|could not|unable to)",
  dont: "(?:don't|dont|do not|didn't|didnt)",
  im: "(?:i'm|im|i am)",
  ive: "(?:i've|ive|i have)",
  will: "(?:i'll|ill|i will|i'm going to|im going to|i am going to|i'm gonna|im gonna|i am gonna|i'm about to|im about to|i'd|i would|gonna|going to)",
  want: '(?:want to|wanna|wanted to|wish to|need to|feel like|going to|gonna)',
  adv: '(?:(?:just|really|so|very|like|kind of|kinda|sort of|pretty|super|real|seriously|honestly|actually|literally|even|all|still|totally|completely|probably|maybe|definitely) )*',
  poss: '(?:my|his|her|their|the|your|our)',
  pills:
    '(?:pills?|tablets?|meds|medicines?|medications?|insulin|tylenol|advil|aspirin|ibuprofen|acetaminophen|oxy[a-z]*|opioids?|opiates?|painkillers?|pain killers?|sleeping pills?|sleep(?:ing)? aids?|xanax|valium|ambien|fentanyl|heroin|percocets?|vicodin|norco|morphine|methadone|lithium|seroquel|benadryl|gummies|edibles|doses|klonopin|adderall|antidepressants?|prescriptions?|drugs)',
  tp: "(?:he|she|they|he's|she's|they're|hes|shes|my [a-z]+|the baby|baby|him|her|them)",
  frame:
    "(?:(?:has|have|had|is|was|keeps) )?(?:want(?:s|ed)? to|wanting to|wanna|going to|gonna|about to|planning to|plan to|plans to|ready to|trying to|tried to|try to|attempted to|thinking (?:about|of)|thought (?:about|of)|thoughts (?:about|of)|think (?:about|of)|urges? to|need to|feel like|will|i'll|ill|i'd|might|may|should|could|keep|keeps|kept|been|started|start|can't stop|cant stop|threatening to|threatened to|threatens to|talking about|talks about|talked about|said (?:he|she|they|he'd|she'd|they'd)(?: would| will| wants? to| was going to| is going to| might| is gonna| was gonna)?|is|was|are|i'm|im)",
};

function compile(source: string): RegExp {
  const expanded = source.replace(/\{([a-z]+)\}/g, (_m, name: string) => {
    const macro = MACROS[name];
    if (macro === undefined) throw new Error(`unknown cue macro ${name}`);
    return macro;
  });
  return new RegExp(`(?<![a-z0-9'*])(?:${expanded.replace(/ /g, '[ ,]+')})(?![a-z0-9*])`, 'g');
}

export interface Cue {
  type: Extract<EscalationType, 'medical_emergency' | 'mental_health_crisis'>;
  signal: string;
  /** Space-separated word prefixes, one of which every match contains (see triggers.ts). */
  triggers: string;
  re: RegExp;
  /** A noun phrase ("heart attack") rather than a statement: also held back in plain questions. */
  generic: boolean;
  history: HistoryRule;
  /** Idioms and benign contexts for this cue, tested on the clause. */
  benign?: RegExp;
  /** Test `benign` on the whole turn: "This plan is a rip-off. I want to end it." */
  benignTurn?: boolean;
  /** The cue needs a person as subject ("the website is unresponsive" is not). */
  person?: boolean;
}

interface CueOptions {
  generic?: boolean;
  history?: HistoryRule;
  benign?: string;
  benignTurn?: boolean;
  person?: boolean;
}

/** [signal, trigger words (see triggers.ts: every match contains one), pattern, options] */
type CueSpec = [signal: string, triggers: string, pattern: string, opts?: CueOptions];

const BLOOD_NOT =
  '(?! (?:work|test|tests|sugar|sugars|pressure|drawn|draw|panel|count|counts|donation|donor|type|thinner|thinners|bank|cells?|levels?|results?|glucose|clot|clots|vessel|vessels|orange))';

const MEDICAL: CueSpec[] = [
  // Chest pain and heart attack.
  ['chest-pain', 'chest', 'chest (?:pains?|pressure|tightness|discomfort)', { generic: true }],
  [
    'chest-pain',
    'chest',
    '(?:pain|pains|pressure|tightness|squeezing|crushing|heaviness|weight|burning|elephant sitting) (?:in|on|across|through|around) (?:my |his |her |the )?chest',
  ],
  [
    'chest-pain',
    'chest',
    "chest (?:is |feels |keeps |has been |started |starts |it's |its )?{adv}(?:hurting|hurts|hurt|tight|heavy|squeezing|crushing|killing me|on fire|burning|pounding|caving in)",
    { benign: '(?:laugh|crack(?:ing|ed) up|coughing from (?:a|the) cold)' },
  ],
  [
    'chest-pain',
    'arm$ jaw$ neck$ shoulder chest',
    "(?:pain|it's|it is|its) (?:is )?(?:radiating|going|shooting|spreading|moving) (?:down|into|to|up) {poss} (?:left )?(?:arm|jaw|neck|shoulder)|(?:elephant|someone|something|somebody) (?:is )?(?:sitting|standing|pressing|squeezing) on (?:my|his|her) chest",
  ],
  [
    'heart-attack',
    'heart',
    '(?:having|had|have|has|is having|am having|having had) (?:a |another |what feels like a |like a |some kind of (?:a )?)?(?:mild |massive |small )?heart attack',
    {
      generic: true,
      benign:
        '(?:gave|give|giving|almost (?:had|have)|nearly (?:had|have)|practically had|about to have|(?:going to|gonna) have) (?:me |us |you )?(?:a |an )?(?:little |mini )?heart attack|heart attack (?:when|over|at the|looking|reading|seeing|on a plate)',
    },
  ],
  [
    'heart-attack',
    'heart',
    "(?:it's|its|it is|this is|think it's|might be|could be|maybe|feels like) (?:a |another )?heart attack",
    { generic: true },
  ],

  // Breathing.
  [
    'breathing',
    'breath air$',
    '{cant} (?:seem to |really |even |hardly |barely |quite )?(?:breathe|breath|breathing|catch (?:my|his|her|their) breath|get (?:any |enough )?air|get (?:a |my )?breath|take a (?:deep )?breath)',
    {
      benign:
        '(?:through (?:my|his|her) nose|stuffy|stuffed up|congested|laugh|so funny|cracking up|with (?:this|that|the) mask|in this heat|without you)',
    },
  ],
  [
    'breathing',
    'breath air$',
    'can (?:barely|hardly|only just) (?:breathe|breath|catch (?:my|his|her) breath|get (?:any )?air)',
  ],
  [
    'breathing',
    'breath',
    '(?:hard time|trouble|difficulty|difficulties|problems?|struggling|struggle|hard|harder|labored|laboured) (?:with |to )?(?:breathing|breathe|breath|catching (?:my|his|her) breath)',
    { benign: '(?:through (?:my|his|her) nose|stuffy|congested)' },
  ],
  [
    'breathing',
    'breath',
    'short(?:ness)? of breath',
    {
      generic: true,
      benign:
        '(?:when i (?:walk|climb|exercise|run|go up)|walking up|climbing|after (?:walking|exercise|exercising|running)|stairs)',
    },
  ],
  [
    'breathing',
    'gasping wheezing blue$',
    "gasping(?: for (?:air|breath))?|wheezing (?:really |so )?(?:bad|badly|hard)|(?:lips|face|he|she|baby|they)(?:'?s|'?re| is| are| has| have)? (?:turning |gone |going |turned )?blue",
  ],
  [
    'breathing',
    'throat tongue airway choking',
    "(?:throat|tongue|airway) (?:is |feels |it's )?(?:closing|swelling|swollen|closing up)|(?:is|he's|she's|hes|shes|i'm|im|baby|started|keeps|he is|she is) choking(?! (?:up|on (?:my|his|her|the|those) words|back tears))",
  ],
  [
    'not-breathing',
    'breathing pulse$ heartbeat',
    "(?:not|isn't|isnt|is not|aren't|wasn't|stopped|has stopped|quit|barely) breathing|(?:no|can't find a|cant find a) (?:pulse|heartbeat)|{dont} think (?:he|she|they|he's|she's|it's|the baby|baby|my [a-z]+)(?:'s| is| are)? breathing",
    { person: true },
  ],

  // Stroke signs.
  [
    'stroke-signs',
    'droop sagg lopsided crooked uneven paraly frozen numb slack',
    "(?:face|mouth|smile|lip|lips|eye|eyelid|cheek)s? (?:is |are |looks |seems |feels |started |has started |keeps |went |kind of |all |just |suddenly |like |has |have |gone |'s )*(?:drooping|droopy|droops|drooped|sagging|saggy|lopsided|crooked|uneven|paralyzed|frozen|numb|slack)|droop(?:ing|y)? (?:on )?(?:one|the (?:left|right)) side",
    { benign: '(?:dentist|novocaine|numbing|filling|botox|bell.?s palsy|from the (?:shot|injection))' },
  ],
  [
    'stroke-signs',
    'slur speech words$',
    'slurr(?:ed|ing|s)|slur (?:my|his|her) words|speech (?:is |sounds |got )?(?:all )?(?:garbled|slurred|jumbled)|{cant} (?:get|find) (?:my|his|her|the) words(?: out)?|words (?:are|come out|coming out) (?:all )?(?:jumbled|garbled|wrong)',
    { benign: '(?:drunk|beer|wine|drinks|drinking|alcohol|sleepy|tired|dentist|novocaine)' },
  ],
  [
    'stroke-signs',
    'weak numb tingl paraly feeling dead$ limp heavy useless move$ lift$ side$ feel$',
    '(?:sudden(?:ly)? )?(?:weakness|weak|numbness|numb|tingling|tingly|paralyzed|paralysis|no feeling|dead|limp|heavy) (?:in |on |down )?(?:my |his |her |the )?(?:whole )?(?:(?:left|right) (?:side|arm|leg|hand|foot)|one side)|(?:left|right) (?:side|arm|leg|hand)(?: and (?:my |his |her )?(?:arm|leg|hand|foot|face))? (?:of (?:my|his|her) (?:body|face) )?(?:is |went |feels |has gone |just went |suddenly |all |kind of |just )*(?:numb|weak|limp|dead|heavy|paralyzed|tingling|useless)|{cant} (?:move|feel|lift|use) (?:my|his|her|their) (?:left|right) (?:side|arm|leg|hand)|one side of (?:my|his|her|their) (?:body|face)',
    {
      benign:
        '(?:from sitting|fell asleep|asleep|carpal tunnel|pins and needles|sciatica|neuropathy|diabetic|dentist|novocaine|numbing|shot|injection|vaccine|flu shot|sleeping on it|slept on it|workout|gym|cast|brace)',
    },
  ],
  [
    'stroke-signs',
    'stroke',
    "(?:having|had|have|has|is having|am having|having had|had another|suffered) (?:a |another |what feels like a |like a |some kind of (?:a )?)?(?:mini(?:-| )?|small |minor |major |massive )?stroke(?! of)|(?:it's|its|it is|this is|think it's|might be|could be|maybe|feels like) (?:a |another )?(?:mini(?:-| )?)?stroke(?! of)|stroke (?:symptoms|signs)",
    {
      generic: true,
      benign:
        '(?:heat ?stroke|back ?stroke|key ?stroke|brush ?stroke|stroke of (?:luck|genius|midnight)|(?:going to|gonna|about to) have a stroke)',
    },
  ],
  [
    'stroke-signs',
    'headache thunderclap',
    'worst headache (?:of|in) (?:my|his|her) life|thunderclap headache',
  ],

  [
    'stroke-signs',
    'dead$ limp floppy numb moving using lifting',
    "(?:not|isn't|isnt|can't|cant|cannot|won't|wont) (?:moving|using|lifting) (?:his|her|my|their) (?:left|right) (?:arm|leg|hand|side)|(?:arm|leg|hand|side)(?:'s|s| is| has)? (?:just |suddenly |all )?(?:gone|went) (?:all )?(?:dead|limp|floppy|numb)|(?:she's|shes|he's|hes|she|he|baby|the baby) (?:has |is )?(?:gone|went|going) (?:all )?(?:floppy|limp)",
    {
      benign:
        '(?:from sitting|fell asleep|asleep|slept on it|sleeping on it|pins and needles|carpal tunnel|dentist|novocaine)',
    },
  ],

  // Severe bleeding.
  [
    'severe-bleeding',
    'bleeding blood$',
    `(?:bleeding|blood)(?: is| it)? (?:won't|will not|doesn't|does not|isn't|is not|hasn't|has not|wont|not) (?:stop|stopping|stopped|slow(?:ing)? down)|(?:won't|will not|wont|can't|cant|cannot|couldn't) (?:stop|get it to stop|get the bleeding to stop) (?:the )?bleeding|{cant} stop the (?:bleeding|blood)${BLOOD_NOT}`,
  ],
  [
    'severe-bleeding',
    'bleeding',
    'bleeding (?:(?:really|so|very|pretty|super) )?(?:bad|badly|heavily|profusely|a lot|a ton|like crazy|everywhere|non ?stop|all over|through|out)(?! of my ears)',
    {
      benign: '(?:ears? (?:are |is )?bleeding|bleeding (?:money|cash|me dry|us dry)|heart (?:is )?bleeding)',
    },
  ],
  [
    'severe-bleeding',
    'blood$ bleeding soaked',
    `(?:blood|bleeding) (?:is |it's )?(?:everywhere|all over|gushing|pouring|spurting|squirting|soaking|coming out)|(?:lot of|so much|tons of|pool of|lots of|too much) blood${BLOOD_NOT}|losing (?:a lot of |so much |too much )?blood${BLOOD_NOT}|(?:coughing|throwing|vomiting|puking|spitting) (?:up )?(?:a lot of |so much )?blood${BLOOD_NOT}|soaked (?:through|in blood)`,
    { benign: '(?:blood (?:work|test|draw)|donat)' },
  ],

  [
    'severe-bleeding',
    'bleeding bled$ hemorrhag haemorrhag soak soaked soaking clot$ clotting',
    "heavy bleeding|bleeding (?:very |really |so )?heavy|hemorrhag(?:e|ing)|haemorrhag(?:e|ing)|(?:soaking|soaked|soak|bleeding|bled) (?:through )?(?:a |one |my |the |another |every |two )?(?:pads?|towels?|bandages?|gauze|dressings?|tampons?|sheets?|clothes|shirt) (?:an |every |each |in (?:an|one|half an) )?(?:hour|few minutes|minutes)|(?:soaking|soaked) (?:through )?(?:a |one |my |the |another )?(?:pads?|towels?|bandages?|gauze|dressings?)|(?:blood|bleeding|it) (?:won't|wont|will not|isn't|isnt|is not) clot(?:ting)?",
  ],

  // Overdose and poisoning.
  [
    'overdose',
    "overdos od'd oded$",
    "overdos(?:e|ed|ing|es)|od'd|o d'd|oded",
    {
      generic: true,
      benign:
        '(?:overdose on (?:chocolate|sugar|candy|coffee|caffeine|netflix|tv|work|information)|(?:going to|gonna|want to|wanna|thinking (?:about|of)|plan(?:ning)? to|try to) overdose)',
    },
  ],
  [
    'overdose',
    'pill tablet meds$ medicine medication insulin tylenol advil aspirin ibuprofen acetaminophen oxy oxyc oxym opioid opiate painkiller pain$ sleeping sleep$ xanax valium ambien fentanyl heroin percocet vicodin norco morphine methadone lithium seroquel benadryl gummies edibles doses klonopin adderall antidepress prescription drugs',
    "(?:took|taken|swallowed|ate|popped|had|downed) (?:(?:way|like|about|maybe|almost|probably|accidentally|all|over) )*(?:too many|too much|(?:ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|a hundred|a dozen|dozens|\\d{2,})(?: or (?:so|more))?|a (?:whole )?bottle|the whole bottle|(?:a |the |my |his |her |their )?whole (?:bottle|pack|box|packet|strip)|a (?:whole )?(?:handful|bunch|lot))(?: of)?(?: (?:my|his|her|the|their|them|those|these|that))?(?! (?:milligrams?|mg|mgs|micrograms?|mcg|units?|ml|cc)\\b)(?: [a-z']+){0,2} {pills}|(?:swallowed|popped|downed) all (?:of )?(?:my|his|her|the|their|those|these)(?: [a-z']+){0,2} {pills}",
    { history: 'medical-event' },
  ],
  [
    'overdose',
    'many$ much$',
    '(?:took|taken|swallowed|ate|popped|had) (?:way )?too (?:many|much)(?=[\\x20,]*(?:$|[.?!;]|of (?:them|those|these|it)\\b|and\\b|i\\b|now\\b|earlier|just\\b|today|tonight))',
    { history: 'medical-event' },
  ],
  [
    'poisoning',
    'bleach antifreeze poison drain laundry tide$ detergent cleaning lighter gasoline cabinet bottle pills meds$ medicine medication prescription',
    "(?:swallowed|drank|drunk|ingested|ate|got into|into the) (?:some |a bunch of |a lot of |a bottle of |the |my |his |her |our )?(?:bleach|antifreeze|rat poison|poison|drain cleaner|laundry pods?|laundry detergent|tide pods?|detergent|cleaning (?:stuff|products?|supplies)|lighter fluid|gasoline|medicine cabinet|pill bottle)|got into (?:my|his|her|the|our|grandma's|grandpa's) (?:pills|meds|medicine|medication|medications|prescriptions?|pill bottle|medicine cabinet)",
    { history: 'medical-event' },
  ],

  // Unresponsive.
  [
    'unresponsive',
    'unrespon unconsc conscious responsive',
    "unresponsive|unconscious|not conscious|lost consciousness|losing consciousness|not responsive|isn't responsive|isnt responsive",
    { person: true, history: 'medical-event' },
  ],
  [
    'unresponsive',
    'wake$ waking respond open$',
    "(?:won't|will not|wont|can't|cant|cannot|couldn't|isn't|isnt|is not|not|doesn't|doesnt|didn't) (?:wake (?:up|him up|her up|them up)|wake (?:him|her|them|my [a-z]+)|waking up|responding|respond|open (?:his|her|their) eyes)(?! (?:well|very well|at all well|as (?:well|expected|hoped)|to (?:treatment|the (?:treatment|medication|meds|antibiotics|therapy|[a-z]+ (?:treatment|medication|therapy))|medication|meds|antibiotics|therapy|steroids|physical therapy|my (?:emails?|texts?|messages?|calls?)|emails?|texts?|messages?|calls?)))",
    {
      person: true,
      history: 'medical-event',
      benign: '(?:early|on time|in the morning|for school|for work|at night|alarm)',
    },
  ],
  [
    'unresponsive',
    'passed pass$ fainted faint$ blacked black$ collapsed keeled',
    "passed out|fainted|blacked out|collapsed|keeled over|(?:going to|gonna|about to|might|feel like i'm going to|feel like im going to|feel like i'm gonna) (?:pass out|faint|black out)",
    {
      person: true,
      history: 'medical-event',
      benign:
        '(?:passed out (?:the|flyers|papers|forms|samples|candy|cards)|(?:almost|nearly) (?:passed out|fainted) (?:when|at|looking|reading)|(?:pass out|faint) (?:when|if) (?:i|you) (?:see|saw|tell|hear)|drunk|drinking|party|from laughing)',
    },
  ],
  [
    'unresponsive',
    'moving$',
    "{tp}(?:'s|'re| is| are| has| was)? (?:not|isn't|isnt|is not|stopped|has stopped|just stopped|wasn't|wasnt|hasn't|hasnt|won't|wont) moving(?! (?:forward|along|fast|quickly|much|anywhere|out|in|away|house|home|to|there|ahead|over|on|up|down|the|my|our|his|her|until|till|yet|soon|again|anytime|apartments?|states?|cities|towns?))",
    { person: true, history: 'medical-event' },
  ],
  [
    'seizure',
    'seizure seizing convuls shaking',
    "(?:is|he's|she's|hes|shes|i'm|im|am|are|they're|started|keeps|been|is still) (?:having )?(?:a )?(?:seizures?|convulsions?)|seizing up|(?:he|she|baby|they)(?:'?s|'?re| is| are)? (?:seizing|convulsing|shaking all over)|having a seizure",
    { person: true, benign: '(?:engine|car|motor|brakes|muscle)' },
  ],
];

const MENTAL: CueSpec[] = [
  [
    'suicidal-ideation',
    'myself kms$',
    '(?:kill|killing|killed|off|offing|shoot|shooting|hang|hanging|drown|drowning|end|top|topping|unalive|unaliving) myself|(?:do|doing) myself in|(?:do|doing) away with myself|kms|(?:use|turn|point) (?:it|this|that|the gun|a gun|my gun|the knife|a knife|the pills) on myself',
    {
      benign:
        '(?:kill(?:ing|ed)? myself (?:laughing|trying|to (?:get|make|pay|finish|keep|meet)|working|over (?:this|that|nothing)|for (?:this|that|nothing|years|a living)|at work|at the gym|running|studying|with work)|(?:nearly|almost) (?:killed|shot|drowned) myself|could (?:just )?(?:kill|shoot) myself (?:for|because|i (?:forgot|left|lost))|(?:forgot|forgetting|left my|lost my|so stupid|so dumb|silly me|stupid of me|dumb of me))',
    },
  ],
  [
    'suicidal-ideation',
    'suicid',
    "(?:i'm|im|i am|feel|feeling|felt|been|getting|becoming|get|gets|so|very|really|pretty|kinda|kind of|little|bit|is|he's|she's|hes|shes|are|seems|sounds) suicidal",
  ],
  [
    'suicidal-ideation',
    'suicid',
    '(?:having|have|had|get|getting|experiencing|been having|with|these|those|some) (?:some |these |those |any |a lot of |real |serious |really )?suicidal (?:thoughts|feelings|ideation|urges|thinking)',
    { generic: true },
  ],
  [
    'suicidal-ideation',
    'suicid myself ending life$ being waking alive dying death',
    '(?:thinking|thought|thoughts|think|thinkin) (?:about|of|abt) (?:suicide|killing myself|ending (?:it|it all|my life|my own life|everything|things)|taking my (?:own )?life|not (?:being here|waking up|being alive)|dying|death|hurting myself)',
  ],
  [
    'suicidal-ideation',
    'suicid',
    '(?:commit|committing|attempt|attempting|attempted|try|trying|tried) (?:to commit )?suicide|suicide (?:plan|note|attempt|letter)|(?:wrote|written|writing|left) (?:a |my )?(?:goodbye|suicide) (?:note|letter)s?',
    { generic: true },
  ],
  [
    'suicidal-ideation',
    'life$',
    '(?:end|ending|take|taking) (?:my|my own) life(?! (?:insurance|savings|policy|story|support))',
  ],
  [
    'suicidal-ideation',
    'end$',
    "(?:{will}|want to|wanna|thinking (?:about|of)|plan to|planning to|ready to|just want to|i should|might|may|could|i'll|ill) {adv}end (?:it|everything|things)(?! (?:here|there|with|on|for (?:today|now)|the call|this call|now with|early|soon with))",
    {
      benign:
        '(?:end (?:it|things) with (?:him|her|them|my)|relationship|boyfriend|girlfriend|contract|subscription|membership|plan|lease|account|policy|coverage|service|call|conversation|appointment|treatment|therapy sessions?)',
      benignTurn: true,
    },
  ],
  [
    'passive-ideation',
    'alive live$ exist wake$ go$ keep$ anymore',
    '{dont} {adv}(?:want|wanna|wish) to (?:be alive|be here anymore|be around anymore|(?:live|wake up|go on|keep going|keep living|be here|be around|exist)(?=[\\x20,]*(?:$|[.?!;]|anymore|any more|like this|living|at all|ever again|another day|tomorrow)))',
  ],
  [
    'suicidal-ideation',
    'end$ ending reason point better care$ notice miss$ easier sleep asleep',
    "end(?:ing)? it all|(?:{dont}|can't|cant|cannot) (?:see|find|have|think of) (?:any|a|the) (?:reason|point) (?:to|in|of) (?:live|living|go on|going on|keep going|being alive|life)|(?:what's|whats|what is) the point (?:of|in) (?:living|being alive|going on|life|anything anymore)|better off if i (?:was|were|wasn't|wasnt) (?:dead|gone|here|around|alive)|(?:easier|better) (?:for everyone )?if i (?:wasn't|wasnt|was not|weren't|were not) (?:around|here|alive)|(?:go to sleep|fall asleep) and (?:never|not) wake up|(?:nobody|no one|no-one|nobody would|no one would) (?:would |will |even )?(?:care|notice|miss me) if i (?:died|was gone|were gone|killed myself|disappeared|wasn't here|wasnt here|was dead|were dead)",
  ],
  [
    'suicidal-ideation',
    'reason nothing worth living life$ better wish$ die$ rather tired jump jumping drive driving crash crashing walk walking step stepping ledge edge bridge standing',
    "no reason to (?:live|go on|keep going)|nothing (?:left )?to live for|not worth living|life (?:isn't|isnt|is not|ain't|aint) worth (?:it|living)|better off (?:dead|without me)|wish i (?:was|were|wasn't|wasnt) (?:dead|alive|born|here)|wish i (?:had never been|was never|were never|hadn't been) born|wish i (?:could )?(?:just )?(?:die|disappear forever|not wake up)|(?:(?:want|wanted|ready) to|wanna) die(?![\\x20,]+(?:of|from|laughing|when|happy|(?:my|your|his|her|the|it) (?:hair|beard|eyebrows|roots|shirt|clothes|jeans|fabric|yarn)))|(?:i'd|id|i would) rather be dead(?![\\x20,]+than)|tired of (?:living|being alive)|(?:going to|gonna|want to|wanna|thinking (?:about|of)|planning to) (?:jump|jumping|drive|driving|crash|crashing|walk|walking|step|stepping)(?: my car| the car)? (?:off|into|in front of|out in front of) (?:a|the|this|some) (?:bridge|building|roof|train|car|truck|bus|cliff|wall|tree|traffic|highway)|(?:standing|sitting|i'm|im) on (?:the|a) (?:ledge|edge of (?:the|a) (?:bridge|roof|building|cliff))",
    {
      benign:
        '(?:die (?:of|from) (?:embarrassment|shame|boredom|laughter|laughing)|dying to|embarrass|humiliat|mortified|ashamed)',
    },
  ],
  [
    'suicidal-ideation',
    'pill tablet meds$ medicine medication insulin tylenol advil aspirin ibuprofen acetaminophen oxy oxyc oxym opioid opiate painkiller pain$ sleeping sleep$ xanax valium ambien fentanyl heroin percocet vicodin norco morphine methadone lithium seroquel benadryl gummies edibles doses klonopin adderall antidepress prescription drugs overdos',
    '(?:going to|gonna|want to|wanna|thinking (?:about|of)|plan(?:ning)? to) (?:take|taking|swallow|swallowing) (?:all|a bottle|the whole bottle|a bunch|a handful)(?: of)?(?: my| the)? {pills}|(?:going to|gonna|want to|wanna|planning to|plan to) (?:take|swallow) (?:them|these|those|it) all|(?:going to|gonna|want to|wanna|thinking (?:about|of)|plan(?:ning)? to|try to|tried to) overdose',
  ],
  // Passive ideation: a wish not to exist, without a stated act.
  [
    'passive-ideation',
    'alive wake$ waking exist living live$ here$ end$ over$ stop$ disappear sleep',
    "(?:thoughts?|thinking|think|thought|wish(?:ing)?|want(?:ing)?|feel(?:ing)? like|keep) (?:about |of |that )?(?:i'm |im |i am |i was |i would |i'd |i could |i )?(?:not |never )(?:wanting to |want to |wanna )?(?:be(?:ing)? (?:alive|here|around)|wak(?:e|ing) up(?: again)?|liv(?:e|ing)|exist(?:ing)?)|(?:never|don't|dont|do not) {adv}(?:want|wanna|wish) to wake up(?: again| ever again| anymore)?(?! (?:early|at|before|for|on|so|in|until|till|to|tomorrow|this|that|with))|(?:just )?want (?:it all|everything|all of it|all this|my life) to (?:end|be over|stop)(?! (?:so|and) i can)|wish (?:it|everything|this|my life) (?:was|were|would be) (?:all )?over|wish i could (?:just )?(?:disappear|go to sleep (?:and|forever)|sleep forever|not exist|stop existing)|(?:go to sleep|sleep|fall asleep) (?:and|forever and) never wake up",
    {
      benign:
        '(?:this call|the call|this hold|the hold|this wait|the wait|the meeting|this meeting|the pain|this pain|the itch|the noise|the music|the ringing|the bleeding|the cough)',
      benignTurn: false,
    },
  ],
  [
    'intent-with-means',
    'saving saved stockpil hoard stash collecting collected kept keeping',
    '(?:saving|saved|stockpiling|stockpiled|hoarding|hoarded|stashing|stashed|collecting|collected|been keeping|kept) (?:up )?(?:all )?(?:of )?(?:my |the |some |these |those |extra )?{pills}(?! (?:for (?:the|my|a) (?:trip|vacation|travel|refill|emergenc|backup)|in case))',
    {
      benign:
        '(?:money|coupons?|receipts?|copay|discount|trip|vacation|travel|refill|in case|backup|emergenc|disposal|dispose|pharmacy take ?back|take ?back)',
    },
  ],
  [
    'self-harm',
    'myself self$ cutting',
    "(?:been|keep|kept|started|start|want to|wanting to|wanna|going to|gonna|thinking (?:about|of)|thoughts of|urges? to|feel like|need to|might|will|i'll|ill|can't stop|cant stop|i'm|im|back to|go back to|went back to) {adv}(?:cutting|cut|burning|burn|hurting|hurt|harming|harm|scratching|starving|punishing|hitting) myself|(?:cut|cutting|hurt|hurting|burn|burned|burning|harm|harming) myself (?:on purpose|deliberately|intentionally|again)|(?:cut|hurt|burned|harmed) myself (?:[a-z']+ ){0,4}(?:and|but) (?:i )?(?:want|wanna|going|gonna|need|feel like|have the urge) (?:to )?do it again|self(?:-| )?harm(?:ing)?|self(?:-| )?injur(?:y|ing)|cutting again",
    {
      benign:
        '(?:at the gym|lifting|playing|exercis|running|by accident|accidentally|while|shaving|cooking|in the kitchen|on the (?:stairs|ice|job)|fell|falling|tripped|working out|with (?:a|the) knife while|itch|rash|hives|eczema|bug bites?|mosquito)',
      benignTurn: true,
    },
  ],
  [
    'suicidal-ideation',
    'himself herself themsel life$',
    '{tp} {frame} {adv}(?:kill|killing|off|offing|hang|hanging|shoot|shooting|end) (?:himself|herself|themselves|themself)|{tp} {frame} {adv}(?:end|ending|take|taking) (?:his|her|their) (?:own )?life(?! insurance)',
  ],
  [
    'self-harm',
    'himself herself themsel',
    '{tp} {frame} {adv}(?:cut|cutting|hurt|hurting|harm|harming|burn|burning) (?:himself|herself|themselves|themself)',
    { benign: '(?:at the gym|playing|by accident|accidentally|fell|tripped|practice|game)' },
  ],
];

function build(type: Cue['type'], specs: readonly CueSpec[], defaultHistory: HistoryRule): Cue[] {
  return specs.map(([signal, triggers, pattern, opts = {}]) => {
    const cue: Cue = {
      type,
      signal,
      triggers,
      re: compile(pattern),
      generic: opts.generic ?? false,
      history: opts.history ?? defaultHistory,
    };
    if (opts.benign) cue.benign = new RegExp(`(?<![a-z0-9'])(?:${opts.benign.replace(/ /g, '[ ,]+')})`);
    if (opts.person) cue.person = true;
    if (opts.benignTurn) cue.benignTurn = true;
    return cue;
  });
}

export const CUES: readonly Cue[] = [
  ...build('medical_emergency', MEDICAL, 'medical'),
  ...build('mental_health_crisis', MENTAL, 'mental'),
];

/** Intent with an overdose: "on purpose", "so I wouldn't wake up", "to end it". */
export const INTENT =
  /(?:^|[ ,])(?:on purpose|intentionally|deliberately|to (?:kill|end|hurt) (?:myself|it|it all|my life|himself|herself)|so (?:i|he|she) (?:wouldn't|wouldnt|would not|won't|wont|will not|doesn't|don't) wake up|wanted to die|want to die|wanna die|because i (?:want|wanted) to die|to die)(?=[ ,.?!;]|$)/g;

/**
 * Round 12: the reason given for an overdose is giving up ("because I'm done with all of it",
 * "cause I can't take it anymore", "since I've had enough"), in any first-person form. Read only
 * after the classifier has raised a current overdose in the turn (monitor.ts intentionalOverdose):
 * the overdose is then taken on purpose, a crisis as well as an emergency. Round 18: a wish that it
 * all be over, or not to be here any more, given as the reason ("because I wanted it all to be over").
 */
export const GIVING_UP =
  /(?:^|[ ,])(?:because|cause|'cause|cuz|coz|since) (?:i|i'm|im|i am|i was|i've|ive|i'd|id)(?: (?:just|so|really|totally|completely|already|finally))? (?:(?:done|finished|through)(?= *(?:[,.!?;]|$| with (?:it all|all of it|everything|life|living|all this|this life|myself|the world|being alive)(?=[ ,.?!;]|$)))|had enough(?! of (?!it all|everything|life|living|all of it|being alive|this life))|had it(?= *(?:[,.!?;]|$))|(?:given|gave|giving) up(?= *(?:[,.!?;]|$| on (?:life|living|everything|myself)))|tired of (?:living|everything|it all|life|being alive)|sick of (?:living|everything|it all|life|being alive)|(?:can't|cant|cannot|couldn't|couldnt) (?:take|do|handle|stand) (?:it|this|any of it|life) any ?more|(?:can't|cant|cannot|couldn't|couldnt) go on|(?:just )?(?:wanted|want|wished|wish) (?:it all|everything|it|things|all of it|all this|the pain) to (?:be over|end|stop)|(?:didn't|didnt|did not|don't|dont|do not) want to (?:be here|be alive|be around|live|wake up) any ?more)(?=[ ,.?!;]|$)/;

/**
 * Round 14: no point in going on ("I didn't see the point of carrying on without her"), the same
 * giving up without a "because"; read, like GIVING_UP, only after an overdose has been raised.
 */
export const NO_POINT =
  /(?:^|[ ,])(?:didn't|didnt|did not|don't|dont|do not|can't|cant|cannot|couldn't|couldnt) see (?:the|any|much) point (?:of|in) (?:carrying on|going on|living|being (?:here|alive|around)|any of it|it anymore|it any more|life|waking up|trying anymore|trying any more)(?=[ ,.?!;]|$)/;

/** A stated time for an act already in the call: "tonight is the night". */
export const TIMING =
  /(?:^|[ ,])(?:tonight(?:'s| is) the night|today(?:'s| is) the day|this is (?:the|my) last (?:night|day|call)|(?:doing|do) it tonight|going to do it (?:tonight|today|soon)|gonna do it (?:tonight|today)|won't be (?:here|around) (?:tomorrow|much longer)|wont be (?:here|around) (?:tomorrow|much longer)|this is goodbye)(?=[ ,.?!;]|$)/g;
