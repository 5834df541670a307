/**
 * Abuse at the agent. A threat fires at once; directed insults and profanity ("you idiot",
 * "f*** you") only count, and fire when a second utterance carries them: one "this is f***ing
 * ridiculous" is frustration at the situation, not abuse of a person.
 */
function compile(source: string): RegExp {
  return new RegExp(`(?<![a-z0-9'*])(?:${source.replace(/ /g, '[ ,]+')})(?![a-z0-9*])`, 'g');
}

const SELF_WILL =
  "(?:i'll|ill|i will|i'm going to|im going to|i am going to|i'm gonna|im gonna|i am gonna|i'd|i would|i swear i'll|i swear ill|i want to|i wanna|i'm about to|im about to|gonna|someone should|somebody should|i'm coming to|im coming to)";
const FUCK = '(?:f+u+c*k+|f+u*\\*+k*|f\\*+|f u c k|eff|frick|fuk|fuq|expletive|\\*{3,})';

export const THREAT = compile(
  [
    `${SELF_WILL} (?:[a-z']+ ){0,2}?(?:kill|murder|shoot|stab|strangle|choke|hurt|smack|slap|punch|attack|hunt down|come after|bash|wring|slit|knock out|beat up|beat|rip|break|snap|bury|burn|torture) (?:you|ya|u|your (?:neck|face|head|throat|legs?|arms?|skull|teeth|family|kids|ass|house|car))(?! (?:an? |the |over |out |some )?(?:email|e-mail|text|message|note|line|link|call|copy|invoice|form|fax|letter|pdf|document|photo|picture|pic|reminder|update|favor|favour|break|chance|discount|offer|price|deal|review|in court|on (?:yelp|google|facebook|twitter)|to it|at))`,
    `${SELF_WILL} (?:[a-z']+ ){0,2}?(?:find|end) (?:you|ya|u)(?=[\\x20,]*(?:$|[.?!;]|and\\b|for (?:this|that)))`,
    'beat (?:you|ya|u) (?:up|down|senseless|to death)|beat the (?:crap|shit|hell|living daylights|\\*+) out of (?:you|ya|u)|kick your (?:ass|a\\*+|butt|teeth)',
    'i know where you (?:live|work|are)|(?:find|found) out where you (?:live|work)|i know where your (?:house|family|kids) (?:is|are|live)',
    "watch your back|(?:you'd|youd|you had|you) better watch (?:your back|out(?! for)|yourself|it)|you(?:'re| are|re) (?:going to be |gonna be |so )?dead(?! (?:wrong|serious|set|tired|on|to me|right))|you(?:'re| are|re) a dead (?:man|woman|person)|your days are numbered",
    "(?:blow|burn|shoot|bomb|torch) (?:up |down )?(?:your|the|this|that|ya) (?:office|building|place|call center|company|headquarters|branch|clinic|hospital)|shoot (?:everyone|everybody|all of you|y'all|you all)",
    '(?:come|coming|go|going|drive|driving) (?:down|over|up|out) (?:there|to your office|to the office) (?:and|with) (?:a |my )?(?:gun|knife|hurt|kill|shoot|beat|smack|punch|strangle|stab)',
    "put you in (?:the hospital|the ground|a (?:body bag|coffin|grave|hospital))|hunt you down|(?:see|meet|wait for) you (?:in the parking lot|outside|after work)|(?:wait|see) (?:until|till|til) i (?:get|find|see) (?:you|my hands on you)|get my hands on you|you won't see it coming|you wont see it coming",
  ].join('|'),
);

// Threats with no act of violence in them ("I know where you work", "I'll find you") that come
// with lawful recourse in the same turn are about complaints, not harm.
export const VIOLENT =
  /(?:kill|murder|shoot|stab|strangle|choke|hurt|smack|slap|punch|attack|bash|wring|slit|knock|beat|rip|break|snap|bury|burn|tortur|gun|knife|bomb|blow|torch|dead|hospital|ground|coffin|grave|hands on)/;
export const LAWFUL =
  /(?:^|[ ,])(?:complaint|complain|report|review|reviews|yelp|lawyer|attorney|sue|suing|court|bbb|better business|supervisor|manager|corporate|regulator|state board|commissioner|letter|file|filing|news|media)(?=[ ,.?!;]|$)/;

export const THREAT_BENIGN =
  /(?:^|[ ,])(?:kill (?:you|ya) (?:for|to) (?:a |one )?(?:coffee|cup|drink|beer|sandwich|chance)|(?:won't|wont|wouldn't|will not|would not|doesn't|didn't) (?:kill|hurt) (?:you|ya)|(?:would|will|did|does) it (?:kill|hurt) (?:you|ya)|hurt your feelings|hurt (?:you|ya) (?:guys )?(?:feelings|business|ratings|reviews)|kill you with kindness|kill (?:you|ya) softly|beat (?:you|ya) to it|beat your (?:price|offer|quote|rate|deal))(?=[ ,]|$)/;

const INSULT_STRONG =
  '(?:motherf[a-z*]*|idiots?|morons?|moronic|imbeciles?|stupid|dumb|dumbass(?:es)?|dumb ass(?:es)?|retards?|retarded|bitch(?:es)?|bastards?|assholes?|a\\*+holes?|arseholes?|jackass(?:es)?|dicks?|dickheads?|pricks?|jerks?|losers?|scum|scumbags?|cunts?|c\\*+ts?|twats?|clowns?|pigs?|garbage|trash|pieces? of (?:shit|crap|garbage|trash|s\\*+t|\\*+)|waste of (?:space|oxygen|air|skin)|brainless|subhuman|halfwits?|nitwits?|numbskulls?|bimbos?|sluts?|whores?|douche(?:bags?)?|shitheads?|sh\\*+heads?)';
// Accusations ("you're a fraud", "you liars") are insults when said of the agent, not when they
// name a department ("are you the fraud team?").
const ACCUSATION =
  '(?:frauds?|liars?|crooks?|thie(?:f|ves)|scammers?|con artists?|cheats?)(?! (?:department|dept|specialist|team|line|report|alert|unit|investigat[a-z]*|prevention|protection|detection|claims?|cases?|agents?|division|services?|hotline))';
const INSULT_MILD = `(?:incompetent|useless|worthless|pathetic|clueless|deaf|joke|piece of work|fools?|ignorant|lazy|hopeless|${ACCUSATION})`;
const INTENSIFIER = `(?:an?|such an?|so|really|totally|complete|completely|absolute|absolutely|${FUCK}(?:ing|in)?|${FUCK}|freaking|frigging|friggin|goddamn|goddamned|damn|damned|bloody|effing|little|all|a bunch of|bunch of|the most|the biggest|the dumbest|stupid|dumb|worthless|useless|incompetent|pathetic|ignorant|lazy|fat|ugly|brainless|clueless)`;

export const DIRECTED_ABUSE = compile(
  [
    // Any second person, strong insult: "you people are idiots", "you stupid b***h".
    `(?:you|u|ya|you're|youre|you are|ur|you r|you all|y'all|yall|you people|you guys|are you|you're such|youre such|you absolute|you complete|you total) (?:are |is |r )?(?:${INTENSIFIER} ){0,3}${INSULT_STRONG}(?! (?:it|this|that|things) down| down)`,
    // Mild words only when said to the person directly: "you're useless", not "you guys are useless".
    `(?:you're|youre|you are|ur|you r|are you|you people are|you) (?:${INTENSIFIER} ){0,2}${INSULT_MILD}`,
    `(?:${FUCK}|f) (?:you|u|ya|off|yourself|your(?:self| mother| mom))|(?:screw|damn|fudge|frick) (?:you|u|ya)|go (?:${FUCK} |screw |to )?(?:yourself|hell)|to hell with (?:you|ya)|piss off|kiss my (?:ass|a\\*+|butt|arse)|eat (?:shit|s\\*+t|a dick|dirt)|bite me|blow me|suck my [a-z*]+|up yours|drop dead|shut (?:the (?:[a-z*]+ )?)?up|shut your (?:mouth|face|trap|pie hole|stupid mouth)|get bent|stfu|gtfo|go die`,
  ].join('|'),
);

/** Things people swear at that are not the agent: "this company can go to hell". */
export const NOT_AT_AGENT =
  /(?:^|[ ,])(?:it|this|that|company|insurance|system|policy|bill|plan|rules|place|world|government|machine|menu|website|app|computer|music|hold)(?: [a-z']+){0,2}$/;

/** Trigger words (see triggers.ts) one of which every THREAT match contains. */
export const THREAT_TRIGGERS =
  'kill murder shoot stab strangl chok hurt smack slap punch attack hunt after$ bash wring slit knock beat rip$ break snap bury burn tortur destroy end$ find ruin kick where$ watch dead$ numbered blow bomb torch gun$ guns$ knife hospital ground body$ coffin grave parking outside hands$ till$ until$ til$ coming';

/** Trigger words one of which every DIRECTED_ABUSE match contains; masked words (`f***`) always qualify. */
export const ABUSE_TRIGGERS =
  'fraud liar crook thie scam con$ cheat motherf idiot moron imbecil stupid dumb retard bitch bastard ass$ asses$ asshole arse jackass dick prick jerk loser scum cunt twat clown pig$ pigs$ garbage trash piece waste brainless subhuman halfwit nitwit numbskull bimbo slut whore douche shit incompet useless worthless pathetic clueless deaf$ joke$ fool igno lazy hopeless fuck fuk$ fuq$ f$ eff$ frick fudge screw damn hell$ yourself yours$ piss kiss dirt$ bite$ blow$ suck dead$ shut bent$ stfu gtfo die$ expletive';
