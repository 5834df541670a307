import type { SyntheticPopulation } from './population';

type Row = Record<string, unknown>;

/** Fields each simulated object has; SOQL naming any other field fails with INVALID_FIELD. */
export const OBJECT_FIELDS: Record<string, readonly string[]> = {
  Organization: [
    'Id',
    'Name',
    'InstanceName',
    'IsSandbox',
    'TrialExpirationDate',
    'NamespacePrefix',
    'OrganizationType',
  ],
  User: ['Id', 'Username', 'Name', 'Email', 'IsActive', 'SystemModstamp'],
  Contact: [
    'Id',
    'FirstName',
    'LastName',
    'Name',
    'Phone',
    'MobilePhone',
    'HomePhone',
    'Email',
    'Member_Id__c',
    'AccountId',
    'IsPersonAccount',
    'SystemModstamp',
    'CreatedDate',
  ],
  Account: [
    'Id',
    'Name',
    'FirstName',
    'LastName',
    'IsPersonAccount',
    'PersonContactId',
    'Phone',
    'PersonMobilePhone',
    'PersonHomePhone',
    'PersonEmail',
    'Member_Id__pc',
    'SystemModstamp',
    'CreatedDate',
  ],
  Case: [
    'Id',
    'CaseNumber',
    'Subject',
    'Origin',
    'Status',
    'ContactId',
    'AccountId',
    'OwnerId',
    'SystemModstamp',
    'CreatedDate',
  ],
  Task: [
    'Id',
    'Subject',
    'TaskSubtype',
    'Status',
    'Priority',
    'CallType',
    'CallDurationInSeconds',
    'CallObject',
    'CallDisposition',
    'WhoId',
    'WhatId',
    'OwnerId',
    'ActivityDate',
    'CompletedDateTime',
    'Description',
    'Teachback_External_Id__c',
    'SystemModstamp',
    'CreatedDate',
  ],
  VoiceCall: [
    'Id',
    'CallStartDateTime',
    'CallEndDateTime',
    'CallQueuedDateTime',
    'CallAcceptDateTime',
    'CallDurationInSeconds',
    'CallType',
    'CallDisposition',
    'FromPhoneNumber',
    'ToPhoneNumber',
    'VendorCallKey',
    'RelatedRecordId',
    'ActivityId',
    'OwnerId',
    'SystemModstamp',
    'CreatedDate',
  ],
  EmailMessage: [
    'Id',
    'MessageDate',
    'Incoming',
    'FromAddress',
    'ToAddress',
    'Subject',
    'RelatedToId',
    'ParentId',
    'ActivityId',
    'CreatedById',
    'SystemModstamp',
    'CreatedDate',
  ],
  MessagingSession: [
    'Id',
    'StartTime',
    'EndTime',
    'ChannelType',
    'Origin',
    'EndUserContactId',
    'MessagingEndUserId',
    'CaseId',
    'OwnerId',
    'ConversationId',
    'SystemModstamp',
    'CreatedDate',
  ],
  LiveChatTranscript: [
    'Id',
    'StartTime',
    'EndTime',
    'Status',
    'ContactId',
    'CaseId',
    'OwnerId',
    'SystemModstamp',
    'CreatedDate',
  ],
  // Service Cloud Voice / Messaging transcript lines (ConversationId = the VoiceCall or MessagingSession).
  ConversationEntry: [
    'Id',
    'ConversationId',
    'ActorType',
    'ActorName',
    'EntryType',
    'Message',
    'EntryTime',
    'Seq',
    'SystemModstamp',
    'CreatedDate',
  ],
  // Standard in every org; Tasks (WhatId) and VoiceCalls (RelatedRecordId) may point at one.
  Opportunity: ['Id', 'Name', 'StageName', 'IsClosed', 'IsWon', 'AccountId', 'SystemModstamp', 'CreatedDate'],
  // Salesforce Feedback Management (a licensed add-on: absent unless `org.feedbackManagement`).
  Survey: ['Id', 'Name', 'DeveloperName', 'ActiveVersionId', 'SystemModstamp', 'CreatedDate'],
  SurveyQuestion: [
    'Id',
    'Name',
    'DeveloperName',
    'QuestionType',
    'SurveyVersionId',
    'SystemModstamp',
    'CreatedDate',
  ],
  SurveyInvitation: [
    'Id',
    'Name',
    'SurveyId',
    'ParticipantId',
    'ResponseStatus',
    'SystemModstamp',
    'CreatedDate',
  ],
  SurveyResponse: [
    'Id',
    'Name',
    'SurveyId',
    'SurveyVersionId',
    'InvitationId',
    'Status',
    'CompletionDateTime',
    'SubmitterId',
    'SystemModstamp',
    'CreatedDate',
  ],
  SurveyQuestionResponse: [
    'Id',
    'ResponseId',
    'QuestionId',
    'InvitationId',
    'SurveyVersionId',
    'Datatype',
    'NumberValue',
    'IsTrueOrFalse',
    'ResponseShortText',
    'SystemModstamp',
    'CreatedDate',
  ],
  SurveySubject: [
    'Id',
    'Name',
    'ParentId',
    'SubjectId',
    'SubjectEntityType',
    'SurveyId',
    'SystemModstamp',
    'CreatedDate',
  ],
  Teachback_Interaction_Score__c: [
    'Id',
    'Name',
    'External_Id__c',
    'Score__c',
    'Compliance_Pass__c',
    'Escalation__c',
    'Escalation_Type__c',
    'Missed_Criteria__c',
    'Needs_Review__c',
    'Playbook__c',
    'Playbook_Version__c',
    'Scored_At__c',
    'Interaction_Start__c',
    'Channel__c',
    'Source_Platform__c',
    'Source_Interaction_Id__c',
    'Contact__c',
    'Account__c',
    'Voice_Call__c',
    'Case__c',
    'Coaching_Task_Id__c',
    'Timeline_Summary__c',
    'Wait_Seconds__c',
    'Handle_Seconds__c',
    'Hold_Seconds__c',
    'Transfers__c',
    'Abandoned__c',
    'Call_Type__c',
    'Stage__c',
    'CSAT__c',
    'NPS__c',
    'First_Contact_Resolved__c',
    'SystemModstamp',
    'CreatedDate',
  ],
};

/** Upsert targets: which field is the external id, and which reference fields must point at real records. */
export const UPSERTABLE: Record<
  string,
  { externalIds: readonly string[]; references: Record<string, readonly string[]> }
> = {
  Teachback_Interaction_Score__c: {
    externalIds: ['External_Id__c'],
    references: {
      Contact__c: ['Contact'],
      Account__c: ['Account'],
      Voice_Call__c: ['VoiceCall'],
      Case__c: ['Case'],
    },
  },
  Task: {
    externalIds: ['Teachback_External_Id__c'],
    // Task.WhoId must be a Contact (a Person Account's PersonContactId), never the Account.
    references: {
      WhoId: ['Contact'],
      WhatId: ['Teachback_Interaction_Score__c', 'Case', 'Account'],
      OwnerId: ['User'],
    },
  },
};

/** Phones in the CRM are typed by people: mixed formats on purpose, so the sync must normalize. */
function crmPhone(e164: string, style: number): string {
  const d = e164.slice(2);
  if (style % 3 === 0) return `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`;
  if (style % 3 === 1) return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`;
  return `+1 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
}

function mixedCase(email: string): string {
  return email.charAt(0).toUpperCase() + email.slice(1);
}

/** Salesforce records for the population: the simulator's initial org contents. */
export function seedRecords(pop: SyntheticPopulation, instanceName = 'SIM1'): Record<string, Row[]> {
  const created = '2025-12-01T09:00:00.000Z';
  const out: Record<string, Row[]> = {};
  const add = (type: string, row: Row) => (out[type] ??= []).push({ attributes: { type }, ...row });
  add('Organization', {
    Id: pop.orgId,
    Name: 'Teachback Simulated Health Plan',
    InstanceName: instanceName,
    IsSandbox: false,
    TrialExpirationDate: null,
    NamespacePrefix: null,
    OrganizationType: 'Enterprise Edition',
  });
  const users = [
    pop.integrationUser,
    ...pop.agents.map((a) => ({ id: a.salesforceUserId, username: a.five9Username, name: a.name })),
  ];
  for (const u of users) {
    add('User', {
      Id: u.id,
      Username: u.username,
      Name: u.name,
      Email: u.username,
      IsActive: true,
      SystemModstamp: created,
    });
  }
  const patientIndex = new Map(pop.patients.map((p, i) => [p.key, i]));
  const person = (key: string) => pop.patients[patientIndex.get(key)!]!;
  pop.patients.forEach((p, i) => {
    const contact = {
      Id: p.salesforce.contactId,
      FirstName: p.firstName,
      LastName: p.lastName,
      Name: p.name,
      Phone: crmPhone(p.phones[0]!, i),
      MobilePhone: crmPhone(p.phones[1]!, i + 1),
      HomePhone: null,
      Email: mixedCase(p.email),
      Member_Id__c: p.memberId,
      SystemModstamp: created,
      CreatedDate: created,
    };
    if (p.salesforce.kind === 'person-account') {
      add('Contact', { ...contact, AccountId: p.salesforce.accountId, IsPersonAccount: true });
      add('Account', {
        Id: p.salesforce.accountId,
        Name: p.name,
        FirstName: p.firstName,
        LastName: p.lastName,
        IsPersonAccount: true,
        PersonContactId: p.salesforce.contactId,
        Phone: contact.Phone,
        PersonMobilePhone: contact.MobilePhone,
        PersonHomePhone: null,
        PersonEmail: contact.Email,
        Member_Id__pc: p.memberId,
        SystemModstamp: created,
        CreatedDate: created,
      });
    } else {
      add('Contact', { ...contact, AccountId: null, IsPersonAccount: false });
    }
  });
  for (const c of pop.cases) {
    const p = person(c.patientKey);
    add('Case', {
      Id: c.id,
      CaseNumber: c.caseNumber,
      Subject: c.subject,
      Origin: 'Phone',
      Status: 'Working',
      ContactId: p.salesforce.contactId,
      AccountId: p.salesforce.accountId ?? null,
      OwnerId: pop.agents[0]!.salesforceUserId,
      SystemModstamp: c.createdAt,
      CreatedDate: c.createdAt,
    });
  }
  const agentUser = new Map(pop.agents.map((a) => [a.key, a.salesforceUserId]));
  const callType = (d: string) => (d === 'inbound' ? 'Inbound' : 'Outbound');
  const centerLine = '+15550100100';
  let entrySeq = 0;
  for (const a of pop.activities) {
    const sf = a.salesforce;
    if (!sf) continue;
    const p = person(a.patientKey);
    const owner = agentUser.get(a.agentKey)!;
    const seconds = Math.round((Date.parse(a.endedAt) - Date.parse(a.startedAt)) / 1000);
    const common = { SystemModstamp: sf.systemModstamp, CreatedDate: a.endedAt };
    const vendorKey = a.genesys?.conversationId ?? a.five9?.callId ?? null;
    const taskFor = (id: string) => ({
      Id: id,
      Subject: `Call ${a.direction === 'inbound' ? 'from' : 'to'} member`,
      TaskSubtype: 'Call',
      Status: 'Completed',
      CallType: callType(a.direction),
      CallDurationInSeconds: seconds,
      CallObject: vendorKey,
      CallDisposition: 'Resolved',
      WhoId: p.salesforce.contactId,
      WhatId: sf.caseId ?? null,
      OwnerId: owner,
      ActivityDate: a.startedAt.slice(0, 10),
      CompletedDateTime: a.endedAt,
      Description: null,
      Teachback_External_Id__c: null,
      ...common,
    });
    if (sf.object === 'VoiceCall' || sf.object === 'MessagingSession') {
      conversationEntries(sf.id, a.startedAt, entrySeq).forEach((e) => add('ConversationEntry', e));
      entrySeq += 4;
    }
    if (sf.object === 'VoiceCall') {
      const inbound = a.direction === 'inbound';
      add('VoiceCall', {
        Id: sf.id,
        CallStartDateTime: a.startedAt,
        CallEndDateTime: a.endedAt,
        // Service Cloud Voice sets the queue times on inbound calls: in queue at the start, an
        // agent accepts 15 s later.
        CallQueuedDateTime: inbound ? a.startedAt : null,
        CallAcceptDateTime: inbound ? new Date(Date.parse(a.startedAt) + 15_000).toISOString() : null,
        CallDurationInSeconds: seconds,
        CallType: callType(a.direction),
        CallDisposition: 'completed',
        FromPhoneNumber: inbound ? a.customerPhone : centerLine,
        ToPhoneNumber: inbound ? centerLine : a.customerPhone,
        VendorCallKey: vendorKey,
        // Person Accounts are linked by the Account; contacts by the Contact.
        RelatedRecordId: p.salesforce.accountId ?? p.salesforce.contactId,
        ActivityId: sf.taskId ?? null,
        OwnerId: owner,
        ...common,
      });
      if (sf.taskId) add('Task', taskFor(sf.taskId));
    } else if (sf.object === 'Task') {
      add('Task', taskFor(sf.id));
    } else if (sf.object === 'EmailMessage') {
      const inbound = a.direction === 'inbound';
      add('EmailMessage', {
        Id: sf.id,
        MessageDate: a.startedAt,
        Incoming: inbound,
        FromAddress: inbound ? mixedCase(p.email) : 'care@teachback-sim.example.org',
        ToAddress: inbound ? 'care@teachback-sim.example.org' : mixedCase(p.email),
        Subject: 'Your care plan',
        RelatedToId: p.salesforce.contactId,
        ParentId: sf.caseId ?? null,
        ActivityId: null,
        CreatedById: owner,
        ...common,
      });
    } else if (sf.object === 'MessagingSession') {
      add('MessagingSession', {
        Id: sf.id,
        StartTime: a.startedAt,
        EndTime: a.endedAt,
        ChannelType: a.channel === 'sms' ? 'Text' : 'WhatsApp',
        Origin: a.direction === 'inbound' ? 'InboundInitiated' : 'OutboundInitiated',
        EndUserContactId: p.salesforce.contactId,
        MessagingEndUserId: null,
        CaseId: sf.caseId ?? null,
        OwnerId: owner,
        ConversationId: null,
        ...common,
      });
    } else {
      add('LiveChatTranscript', {
        Id: sf.id,
        StartTime: a.startedAt,
        EndTime: a.endedAt,
        Status: 'Completed',
        ContactId: p.salesforce.contactId,
        CaseId: sf.caseId ?? null,
        OwnerId: owner,
        ...common,
      });
    }
  }
  // Ordinary to-dos: the call-log pull must filter them out by TaskSubtype.
  pop.patients.slice(0, 3).forEach((p, i) => {
    add('Task', {
      Id: `00TSIMTODO${String(i).padStart(8, '0')}`,
      Subject: 'Send welcome packet',
      TaskSubtype: 'Task',
      Status: 'Not Started',
      CallType: null,
      CallDurationInSeconds: null,
      CallObject: null,
      CallDisposition: null,
      WhoId: p.salesforce.contactId,
      WhatId: null,
      OwnerId: pop.agents[0]!.salesforceUserId,
      ActivityDate: '2026-01-20',
      CompletedDateTime: null,
      Description: null,
      Teachback_External_Id__c: null,
      SystemModstamp: created,
      CreatedDate: created,
    });
  });
  return out;
}

/**
 * Extra call-log Tasks for backfill tests (50,000 in the acceptance test), spread over the
 * population's contacts, with ids and times derived from the index so they are reproducible.
 */
export function bulkCallTasks(pop: SyntheticPopulation, count: number): Row[] {
  const start = Date.parse('2025-06-01T12:00:00Z');
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    const p = pop.patients[i % pop.patients.length]!;
    const agent = pop.agents[i % pop.agents.length]!;
    const at = new Date(start + i * 37_000).toISOString();
    rows.push({
      attributes: { type: 'Task' },
      Id: `00TSIMBULK${i.toString(36).toUpperCase().padStart(8, '0')}`,
      Subject: 'Call log',
      TaskSubtype: 'Call',
      Status: 'Completed',
      CallType: i % 3 === 0 ? 'Outbound' : 'Inbound',
      CallDurationInSeconds: 60 + (i % 600),
      CallObject: null,
      CallDisposition: 'Resolved',
      WhoId: p.salesforce.contactId,
      WhatId: null,
      OwnerId: agent.salesforceUserId,
      ActivityDate: at.slice(0, 10),
      CompletedDateTime: at,
      Description: null,
      Teachback_External_Id__c: null,
      SystemModstamp: at,
      CreatedDate: at,
    });
  }
  return rows;
}

/** Synthetic script lines (no PHI): every other conversation follows the disclosure script. */
const ON_SCRIPT = [
  ['Agent', 'Thank you for calling, this call may be recorded for quality and training.'],
  ['EndUser', 'Hi, I have a question about my bill.'],
  ['Agent', 'I can help with that. Is there anything else today?'],
  ['EndUser', 'No, thank you.'],
] as const;
const OFF_SCRIPT = [
  ['Agent', 'Hello.'],
  ['EndUser', 'I have a rash on my arm.'],
  ['Agent', "It's probably eczema, just put some cream on it."],
  ['EndUser', 'Okay.'],
] as const;

/** The transcript of one voice call or messaging session as ConversationEntry records. */
export function conversationEntries(conversationId: string, startedAt: string, seq: number): Row[] {
  const lines = conversationId.charCodeAt(conversationId.length - 1) % 2 === 0 ? ON_SCRIPT : OFF_SCRIPT;
  const t0 = Date.parse(startedAt);
  return lines.map(([actor, text], n) => {
    const at = new Date(t0 + n * 5_000).toISOString();
    return {
      attributes: { type: 'ConversationEntry' },
      Id: `0XZSIM${String(seq + n).padStart(12, '0')}`,
      ConversationId: conversationId,
      ActorType: actor,
      ActorName: actor === 'Agent' ? 'Agent' : 'Customer',
      EntryType: 'Text',
      Message: text,
      EntryTime: at,
      Seq: n + 1,
      SystemModstamp: at,
      CreatedDate: at,
    };
  });
}

// ---- Salesforce Feedback Management ------------------------------------------------------------

/**
 * The post-call survey the simulated org runs (one Survey, its active version's questions), as
 * Feedback Management stores it. QuestionType values are the API's (`NPS`, `CSAT`, `Boolean`,
 * `Rating`, `FreeText`).
 */
export const SIM_SURVEY = {
  id: '0KdSIM000000000001',
  versionId: '0KcSIM000000000001',
  questions: {
    csat: { Id: '0KhSIM000000000001', DeveloperName: 'satisfaction', QuestionType: 'CSAT' },
    nps: { Id: '0KhSIM000000000002', DeveloperName: 'recommend', QuestionType: 'NPS' },
    answered: { Id: '0KhSIM000000000003', DeveloperName: 'answered_questions', QuestionType: 'Boolean' },
    rating: { Id: '0KhSIM000000000004', DeveloperName: 'agent_rating', QuestionType: 'Rating' },
    comments: { Id: '0KhSIM000000000005', DeveloperName: 'comments', QuestionType: 'FreeText' },
  },
} as const;

export type SimSurveyQuestion = keyof typeof SIM_SURVEY.questions;

/** The survey and its questions (put these once before any response). */
export function surveyDefinitionRecords(at = '2025-12-01T09:00:00.000Z'): Record<string, Row[]> {
  return {
    Survey: [
      {
        attributes: { type: 'Survey' },
        Id: SIM_SURVEY.id,
        Name: 'Post-call survey',
        DeveloperName: 'post_call_survey',
        ActiveVersionId: SIM_SURVEY.versionId,
        SystemModstamp: at,
        CreatedDate: at,
      },
    ],
    SurveyQuestion: Object.values(SIM_SURVEY.questions).map((q) => ({
      attributes: { type: 'SurveyQuestion' },
      ...q,
      Name: q.DeveloperName.replace(/_/g, ' '),
      SurveyVersionId: SIM_SURVEY.versionId,
      SystemModstamp: at,
      CreatedDate: at,
    })),
  };
}

/**
 * One invitation and its response about one record (a VoiceCall, Task, MessagingSession or Case),
 * linked the way Feedback Management links them: a SurveySubject whose ParentId is the invitation
 * (`linkedVia: 'invitation'`, the default when the invitation is sent from a flow on the record)
 * or the response. Answers are SurveyQuestionResponse rows (NumberValue for NPS/CSAT/Rating,
 * IsTrueOrFalse for Boolean, ResponseShortText for text).
 */
export function surveyResponseRecords(opts: {
  n: number;
  subjectId: string | undefined;
  subjectType: string;
  completedAt: string;
  answers: Partial<Record<SimSurveyQuestion, number | boolean | string>>;
  linkedVia?: 'invitation' | 'response';
  status?: 'Completed' | 'Started';
  participantId?: string;
}): Record<string, Row[]> {
  const id = (prefix: string) => `${prefix}SIM${opts.n.toString(36).toUpperCase().padStart(12, '0')}`;
  const invitationId = id('0Ki');
  const responseId = id('0Kj');
  const stamp = opts.completedAt;
  const base = { SystemModstamp: stamp, CreatedDate: stamp };
  const out: Record<string, Row[]> = {
    SurveyInvitation: [
      {
        attributes: { type: 'SurveyInvitation' },
        Id: invitationId,
        Name: `Invitation ${opts.n}`,
        SurveyId: SIM_SURVEY.id,
        ParticipantId: opts.participantId ?? null,
        ResponseStatus: opts.status === 'Started' ? 'Started' : 'Completed',
        ...base,
      },
    ],
    SurveyResponse: [
      {
        attributes: { type: 'SurveyResponse' },
        Id: responseId,
        Name: `Response ${opts.n}`,
        SurveyId: SIM_SURVEY.id,
        SurveyVersionId: SIM_SURVEY.versionId,
        InvitationId: invitationId,
        Status: opts.status ?? 'Completed',
        CompletionDateTime: opts.status === 'Started' ? null : stamp,
        SubmitterId: opts.participantId ?? null,
        ...base,
      },
    ],
    SurveyQuestionResponse: Object.entries(opts.answers).map(([key, value], i) => {
      const q = SIM_SURVEY.questions[key as SimSurveyQuestion];
      return {
        attributes: { type: 'SurveyQuestionResponse' },
        Id: `0KkSIM${(opts.n * 10 + i).toString(36).toUpperCase().padStart(12, '0')}`,
        ResponseId: responseId,
        QuestionId: q.Id,
        InvitationId: invitationId,
        SurveyVersionId: SIM_SURVEY.versionId,
        Datatype: typeof value === 'boolean' ? 'Boolean' : typeof value === 'number' ? 'Int' : 'String',
        NumberValue: typeof value === 'number' ? value : null,
        IsTrueOrFalse: typeof value === 'boolean' ? value : false,
        ResponseShortText:
          typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null,
        ...base,
      };
    }),
    SurveySubject: opts.subjectId
      ? [
          {
            attributes: { type: 'SurveySubject' },
            Id: id('0Kl'),
            Name: `Subject ${opts.n}`,
            ParentId: opts.linkedVia === 'response' ? responseId : invitationId,
            SubjectId: opts.subjectId,
            SubjectEntityType: opts.subjectType,
            SurveyId: SIM_SURVEY.id,
            ...base,
          },
        ]
      : [],
  };
  return out;
}
