/**
 * Emergencies and crises raised in the middle of a routine call, and the two ways an agent meets
 * them: per protocol (911, staying on the line, 988 and a warm transfer) or by carrying on with
 * the routine business.
 */
import type { Say } from './phrasebook';

export type EscalationKind = 'emergency' | 'crisis';
export type Handling = 'well' | 'badly';

interface Script {
  raised: Say[];
  well: Array<Say[]>;
  badly: Array<Say[]>;
}

export const escalationScripts: Record<EscalationKind, Script> = {
  emergency: {
    raised: [
      () => "Sorry, wait, my husband just collapsed in the kitchen and he isn't breathing right.",
      () => "Actually I'm having crushing chest pain right now and my left arm is going numb.",
      () => "Hold on, I can't breathe, my chest is really tight and it's getting worse.",
    ],
    well: [
      [
        () =>
          "That sounds frightening. Please hang up and call 911 right now; if you can't, stay on the line and I'll conference 911 in.",
        () => "Stay with me, help is on the way. You're doing the right thing.",
      ],
      [
        () => "I'm so sorry, I'm calling 911 for you now, stay on the line with me.",
        () => "Good. The paramedics are coming; I'm staying right here with you until they arrive.",
      ],
    ],
    badly: [
      [
        () => 'Oh no. Okay, let me just finish this up for you first.',
        () => "So you're all set on that, and I've added a note to your file.",
      ],
      [
        () => 'Hm, okay. So, is the phone number we have for you still the best one?',
        () => "Alright, I've updated it for you.",
      ],
    ],
  },
  crisis: {
    raised: [
      () => "Honestly I don't see the point anymore, I've been thinking about ending it.",
      () => "I don't want to be alive anymore, I'm so tired of all of this.",
    ],
    well: [
      [
        () =>
          "I'm really glad you told me. I'm staying with you, and I'm connecting you with our crisis counselor right now; you can also call or text 988 any time.",
        () => "They're on the line now. I'll stay on until you're talking with them.",
      ],
      [
        () =>
          "Thank you for telling me. I'm not going anywhere; I'm bringing in our crisis team on this line, and the 988 lifeline is there day and night.",
        () => "Our counselor has joined us. You're not alone in this.",
      ],
    ],
    badly: [
      [
        () => 'Okay. So, was there anything else about your account today?',
        () => "Alright, then you're all set.",
      ],
      [
        () => "Okay. Let me just finish what we were doing and then you're all set.",
        () => "That's done, you'll get a confirmation in the mail.",
      ],
    ],
  },
};
