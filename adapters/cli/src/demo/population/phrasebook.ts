/**
 * What demo agents and patients say, several wordings per step, so no two calls read alike. Each
 * entry is a template over the call's people. The wordings are written for what they mean (a
 * recording disclosure, a teach-back question, an empathic acknowledgement...), not to any
 * playbook's phrase list: the scorer has to recognise them the way it would a real agent's words.
 */
import type { DemoPatient } from './people';

export interface Speakers {
  agent: string;
  patient: DemoPatient;
}
export type Say = (s: Speakers) => string;
export type Channel = 'voice' | 'chat' | 'email' | 'sms';

export const opening: Record<Channel, { disclosed: Say[]; undisclosed: Say[] }> = {
  voice: {
    disclosed: [
      (s) =>
        `Thank you for calling Northwind Health, this is ${s.agent}. This call may be recorded for quality and training. How can I help?`,
      (s) =>
        `Northwind Health patient services, ${s.agent} speaking. Just so you know, you're on a recorded line. What can I do for you today?`,
      (s) =>
        `Good morning, Northwind Health, my name is ${s.agent} and this call is being recorded. How can I help you?`,
      (s) =>
        `Hi, you've reached Northwind Health. I'm ${s.agent}, and calls are monitored and recorded for quality. What can I help with?`,
    ],
    undisclosed: [
      (s) => `Northwind Health, this is ${s.agent}, how can I help you?`,
      (s) => `Thanks for calling Northwind Health, you've got ${s.agent}. What can I do for you?`,
      (s) => `Hi, Northwind Health patient services, ${s.agent} here. What's going on today?`,
    ],
  },
  chat: {
    disclosed: [
      (s) =>
        `Hi, you're chatting with ${s.agent} at Northwind Health. This chat is recorded for quality. How can I help today?`,
      (s) =>
        `Welcome to Northwind Health chat, I'm ${s.agent}. Our chats are monitored and recorded. What can I help you with?`,
    ],
    undisclosed: [
      (s) => `Hi, this is ${s.agent} from Northwind Health. How can I help?`,
      (s) => `Hello and welcome to Northwind Health! ${s.agent} here, what can I do for you?`,
    ],
  },
  email: {
    disclosed: [
      (s) =>
        `Hello ${s.patient.firstName}, this is ${s.agent} with Northwind Health patient services, following up on the message you left us. This conversation is recorded and kept for quality. How can we help?`,
      (s) =>
        `Dear ${s.patient.firstName}, ${s.agent} from Northwind Health here, replying to your voicemail. Our messages are monitored and recorded for quality. What can I help you with?`,
    ],
    undisclosed: [
      (s) =>
        `Hello ${s.patient.firstName}, this is ${s.agent} at Northwind Health, following up on your voicemail. How can we help?`,
    ],
  },
  sms: {
    disclosed: [
      (s) =>
        `Northwind Health: Hi ${s.patient.firstName}, this is ${s.agent} returning your call by text. This conversation is recorded for quality. How can I help?`,
      (s) =>
        `Hi, it's ${s.agent} from Northwind Health following up on your message. Texts with us are monitored and recorded. What do you need today?`,
    ],
    undisclosed: [
      (s) =>
        `Hi ${s.patient.firstName}, ${s.agent} from Northwind Health here, following up on your call. What can I help with?`,
    ],
  },
};

export interface IdentityCheck {
  ask: Say;
  answer: Say;
}

/** Two identifiers: what HIPAA verification needs before any PHI. */
export const verifyFully: IdentityCheck[] = [
  {
    ask: () => 'Before I open your record, can I have your full name and date of birth?',
    answer: (s) => `It's ${s.patient.name}, born ${s.patient.birthDate}.`,
  },
  {
    ask: () => 'I can help with that. Can you verify your first and last name and your date of birth for me?',
    answer: (s) => `Sure, ${s.patient.name}, and my date of birth is ${s.patient.birthDate}.`,
  },
  {
    ask: () => 'For your privacy, may I have your name and birthdate, please?',
    answer: (s) => `${s.patient.name}. Birthday is ${s.patient.birthDate}.`,
  },
  {
    ask: () => 'Happy to look into it. Could you confirm your full name and your member ID?',
    answer: (s) => `${s.patient.name}, and my member ID is ${s.patient.memberId}.`,
  },
];
export const verified: Say[] = [
  () => "Thank you, I've verified your identity.",
  () => 'Thanks, that matches what we have on file.',
  () => "Perfect, thank you, you're verified.",
];

/** Only a name: a common shortcut that leaves identity unverified. */
export const verifyPartly: IdentityCheck[] = [
  { ask: () => 'Who am I speaking with?', answer: (s) => `This is ${s.patient.name}.` },
  { ask: () => 'Can I get your name?', answer: (s) => `${s.patient.name}.` },
];
export const lookUp: Say[] = [
  (s) => `Thanks ${s.patient.firstName}, let me pull that up.`,
  () => 'Give me one moment to look that up.',
  () => 'Okay, give me a second here.',
];

export interface Topic {
  id: string;
  reason: Say[];
  /** The agent discloses the patient's PHI: what makes identity verification apply. */
  phi: Say[];
  /** How the patient takes the news. */
  reply: Say[];
  /** Instructions the patient has to follow, if this kind of call has any. */
  instructions?: Say[];
  /** The patient saying the instructions back when asked. */
  sayBack?: Say[];
  clinicalQuestion: Say[];
  /** How often a patient calling about this is worried or frustrated (default one in two). */
  upsetShare?: number;
}

export const topics: Topic[] = [
  {
    id: 'lab-results',
    reason: [
      () => "I'd like to know if my blood test results are back.",
      () => 'I had lab work done last week and wanted to check on the results.',
      () => 'I wanted to find out about my test results from Monday.',
    ],
    phi: [
      () => 'Your cholesterol results came back and Dr. Osei has reviewed them.',
      () => 'I see your lab results are in, and your doctor has signed off on them.',
    ],
    instructions: [
      () => 'Dr. Osei wants a repeat test next month. Fast for twelve hours beforehand; water is fine.',
      () =>
        "She'd like a repeat blood draw in four weeks. Don't eat after midnight before it, and bring your photo ID.",
    ],
    sayBack: [
      () => 'So nothing to eat for twelve hours before, just water.',
      () => 'No food after midnight, and I bring my ID.',
    ],
    reply: [() => 'Okay, good to know.', () => 'Oh good, I was waiting on that.'],
    clinicalQuestion: [
      () => 'Is that cholesterol number normal?',
      () => 'What do my results mean for my health?',
    ],
  },
  {
    id: 'appointment',
    reason: [
      () => 'I need to reschedule my appointment with cardiology.',
      () => 'I have to move my appointment next week, something came up at work.',
      () => 'Can I change the time of my follow-up visit?',
    ],
    phi: [
      () =>
        'I see your appointment with Dr. Lindqvist in cardiology is this Thursday at nine. I can move it to Monday at two.',
      () =>
        'Your follow-up appointment at the orthopedic clinic is on the 14th; I have an opening on the 18th at ten thirty instead.',
    ],
    instructions: [
      () => 'Please arrive fifteen minutes early and bring a list of your current medications.',
      () =>
        'Bring your insurance card and a photo ID, and plan to arrive fifteen minutes before to check in.',
    ],
    sayBack: [
      () => 'Get there fifteen minutes early with my medication list.',
      () => 'Insurance card, photo ID, and show up a quarter of an hour early.',
    ],
    reply: [
      () => 'Monday at two works for me.',
      () => 'The 18th is fine, thanks.',
      () => 'Yes, let us do that.',
    ],
    clinicalQuestion: [
      () => 'Should I stop taking my medication before the visit?',
      () => 'Is it normal to have swelling like this?',
    ],
  },
  {
    id: 'refill',
    reason: [
      () => "I'm checking on my prescription refill.",
      () => "My blood pressure pills ran out and the pharmacy says they're waiting on you.",
      () => 'I need a refill on my inhaler.',
    ],
    phi: [
      () =>
        'I see the refill for your lisinopril was approved this morning and sent to your pharmacy on Main Street.',
      () => 'Your albuterol inhaler refill went over to the pharmacy about an hour ago.',
    ],
    instructions: [
      () => "It'll be ready after three today; bring your photo ID to the pharmacy counter.",
      () => 'Pick it up after three today, and bring your insurance card to the pharmacy.',
    ],
    sayBack: [
      () => 'Pick it up after three and bring my ID.',
      () => "After three, and I'll take my insurance card.",
    ],
    reply: [() => 'Great, thank you.', () => "Okay, that's good news."],
    clinicalQuestion: [
      () => 'Can I take it with ibuprofen?',
      () => 'Can I double up on my dose if I missed one?',
    ],
  },
  {
    id: 'billing',
    reason: [
      () => 'I have a question about the bill from my visit last month.',
      () => 'Can you explain a charge on my statement?',
    ],
    phi: [
      () =>
        'The claim for your visit on the 3rd was processed, and the balance on your account is forty dollars after insurance.',
      () =>
        'I see your claim for the urgent care visit was processed and your deductible has been met for the year.',
    ],
    instructions: [
      () =>
        'For a payment plan, bring your statement and a photo ID to the billing office on the first floor.',
      () =>
        'Please bring your insurance card and the statement when you come in, and the billing office will set up the payment plan.',
    ],
    sayBack: [
      () => 'Statement and photo ID, billing office on the first floor.',
      () => 'Bring the insurance card and the statement to billing.',
    ],
    reply: [() => 'Okay, so forty dollars is what I owe.', () => 'I see, I did not know it was met already.'],
    clinicalQuestion: [() => 'Should I see a doctor about the rash again?'],
    // Surprise bills: the calls most often made in frustration.
    upsetShare: 0.85,
  },
  {
    id: 'procedure-prep',
    reason: [
      () => 'I have a colonoscopy next week and I lost the prep instructions.',
      () => 'I have a procedure coming up and need the instructions again.',
    ],
    phi: [
      () => 'I see Dr. Achebe has your colonoscopy booked on the 21st at the endoscopy center.',
      () => 'Your colonoscopy is on Tuesday the 21st with Dr. Achebe.',
    ],
    instructions: [
      () =>
        'No solid food the day before, clear liquids only. The prep starts at six in the evening, and please bring a driver.',
      () =>
        'Clear liquids only the day before, the prep starts at six that evening, and you will need someone to drive you home.',
    ],
    sayBack: [
      () => 'Clear liquids the day before, prep at six, and my daughter drives me home.',
      () => 'No solid food the day before, start the prep at six, and I need a ride home.',
    ],
    reply: [() => 'Right, that is the one.', () => 'Yes, the 21st.'],
    clinicalQuestion: [
      () => 'Should I take my medication the morning of the procedure?',
      () => 'Is it safe to take my blood thinner before it?',
    ],
  },
  {
    id: 'authorization',
    reason: [
      () => "I'm calling to see if my MRI got approved by insurance.",
      () => "My doctor ordered an MRI and I'm waiting to hear if it's authorized.",
    ],
    phi: [
      () => 'Your prior authorization for the MRI of your knee was approved yesterday.',
      () => 'Good news, your authorization was approved for the MRI your doctor ordered.',
    ],
    instructions: [
      () =>
        'Bring your insurance card and a photo ID, and arrive fifteen minutes early to fill out the forms.',
      () => 'Make sure you bring your insurance card, and no jewelry or metal on the day of the scan.',
    ],
    sayBack: [
      () => 'Insurance card, photo ID, and get there fifteen minutes early.',
      () => 'Bring the insurance card and leave my jewelry at home.',
    ],
    reply: [() => 'Oh, that is a relief.', () => 'Finally, thank you.'],
    clinicalQuestion: [() => 'Do you think it is serious?', () => 'Do I need surgery on my knee?'],
  },
];

/** What a worried, hurting or frustrated patient says, each with the acknowledgements that fit it. */
export const distress: Array<{ says: Say; acknowledgements: Say[] }> = [
  {
    says: () => "I'm really worried, nobody has called me back in two weeks.",
    acknowledgements: [
      () => "I'm so sorry you've been waiting, that sounds really stressful.",
      () => 'I can hear how worried you are, and I want to help.',
    ],
  },
  {
    says: () => "Honestly I'm so frustrated, this is the third time I've called about this.",
    acknowledgements: [
      () => "I understand how frustrating that is, and I'm sorry you had to call again.",
      () => "I'm really sorry about that, let's get it settled today.",
    ],
  },
  {
    says: () => "I'm nervous about it, my dad went through the same thing.",
    acknowledgements: [() => "That's completely understandable, I'd be worried too."],
  },
  {
    says: () => "I've been in so much pain waiting for this.",
    acknowledgements: [() => "I'm sorry you're in pain. Let's get this sorted out for you."],
  },
  {
    says: () => "I'm scared, I've been putting this off for months.",
    acknowledgements: [() => 'That sounds scary, and I am glad you called.'],
  },
];
/** What an agent who skips the acknowledgement says instead. */
export const carryOn: Say[] = [() => 'Okay.', () => 'Right.', () => 'Alright, let me see.'];

export const routeToClinician: Say[] = [
  () => "I'm not able to give medical advice, but I'll have the nurse call you back this afternoon.",
  () =>
    "That's a question for your doctor; I'll send a message to your care team and a nurse will call you today.",
  () =>
    "I'm not a nurse or doctor, so let me transfer you to our nurse line after this so they can answer that.",
];
export const clinicalAdvice: Say[] = [
  () => "I wouldn't worry about it, that's really common.",
  () => 'You should be fine to take both.',
  () => 'Just take an extra pill tonight and you should be fine.',
];

export const teachBackAsk: Say[] = [
  () => 'Just so I know I explained it clearly, can you tell me what you will do before your appointment?',
  () => 'To make sure that was clear, can you walk me through what you will do?',
  () => 'Can you tell me in your own words what you will do next?',
];
/** A yes/no check instead of teach-back. */
export const comprehensionCheck: Array<[Say, Say]> = [
  [() => 'Does that make sense?', () => 'Yes, it does.'],
  [() => 'Any questions about that?', () => 'No, I think I have it.'],
  [() => 'Got all that?', () => 'Okay, sounds good.'],
];

export const closing: Array<[Say, Say, Say]> = [
  [
    () => 'Is there anything else I can help with today?',
    () => "No, that's everything, thanks.",
    () => 'Take care.',
  ],
  [() => 'Anything else I can do for you?', () => "That's all, thank you.", () => 'Have a good day.'],
  [
    () => 'Is there anything else on your mind today?',
    () => "Nope, that's it. Appreciate it.",
    (s) => `You're welcome, ${s.patient.firstName}. Bye now.`,
  ],
];
